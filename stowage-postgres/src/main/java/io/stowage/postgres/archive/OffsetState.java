package io.stowage.postgres.archive;

/** The flag byte in front of a custom archive's data offset ({@code K_OFFSET_*}). */
public enum OffsetState {
    /** The entry has data but its position was not recorded (archive written to a pipe). */
    POSITION_NOT_SET(1),
    /** The entry's data block starts at the recorded position. */
    POSITION_SET(2),
    /** The entry has no data block. */
    NO_DATA(3);

    private final int flag;

    OffsetState(int flag) {
        this.flag = flag;
    }

    /** The byte written to the archive. */
    public int flag() {
        return flag;
    }

    /** The state for a flag byte, or {@code null} if the byte is not a valid flag. */
    static OffsetState ofFlag(int flag) {
        for (OffsetState state : values()) {
            if (state.flag == flag) {
                return state;
            }
        }
        return null;
    }
}
