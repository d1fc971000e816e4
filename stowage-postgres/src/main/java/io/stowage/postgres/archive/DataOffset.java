package io.stowage.postgres.archive;

import java.util.Objects;

/**
 * Where a custom archive entry's data block starts: an absolute file position pointing at the
 * block-type byte, meaningful only when the state is {@link OffsetState#POSITION_SET}.
 */
public record DataOffset(OffsetState state, long position) {

    /** The offset of an entry without data. */
    public static final DataOffset NO_DATA = new DataOffset(OffsetState.NO_DATA, 0);
    /** The offset of an entry with data written where seeking back was impossible. */
    public static final DataOffset NOT_SET = new DataOffset(OffsetState.POSITION_NOT_SET, 0);

    public DataOffset {
        Objects.requireNonNull(state, "state");
        if (position < 0) {
            throw new IllegalArgumentException("negative data offset " + position);
        }
    }

    /** A recorded position. */
    public static DataOffset at(long position) {
        return new DataOffset(OffsetState.POSITION_SET, position);
    }
}
