package io.stowage.postgres.restore.binary;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** Placeholder until the converter lands: converts nothing. */
public final class TextCopyToBinary {
    public TextCopyToBinary(List<FieldConverter> converters) {
    }

    public long convert(InputStream text, OutputStream binary) throws Unconvertible {
        throw new Unconvertible("not yet");
    }
}
