package dev.vigil.kernel.internal;

import java.security.SecureRandom;
import java.util.UUID;

/** RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then random bits. */
public final class TimeOrderedIds {

    private final SecureRandom random = new SecureRandom();

    public UUID next() {
        long millis = System.currentTimeMillis();
        long randA = random.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
