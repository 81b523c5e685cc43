package dev.vigil.limits.internal.guard;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON text is UTF-8 (RFC 8259 section 8.1). The JDK's readers replace bytes that are not UTF-8
 * (stray continuation bytes, truncated or overlong sequences, encoded surrogates) with U+FFFD and
 * go on; these refuse them instead, so a body is stored as sent or not at all.
 */
final class Utf8 {

    private Utf8() {
    }

    /** A reader that fails with a {@link java.nio.charset.MalformedInputException} at the first bad byte. */
    static Reader strictReader(InputStream bytes) {
        return new InputStreamReader(bytes, decoder());
    }

    static boolean isValid(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    decoder().decode(ByteBuffer.wrap(bytes));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true; // ASCII, the usual case, needs no decoder
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
