package dev.vigil.testing;

import dev.vigil.testing.ApiOperations.Operation;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the families of malformed requests share: the request being spoilt, what was done to it,
 * and one source of randomness for the whole run, so that a seed reproduces every request.
 */
abstract class Mutations {

    /** A request being put together, and the mutations applied so far. */
    static final class Draft {
        final int index;
        final Operation op;
        String caller;
        final List<String> mutations = new ArrayList<>();
        WireRequest request;
        /** Its framing is deliberately wrong: the server may hang up instead of answering. */
        boolean framingLie;

        Draft(int index, Operation op) {
            this.index = index;
            this.op = op;
        }
    }

    final Random random;

    Mutations(Random random) {
        this.random = random;
    }

    /** Examples name things that must be unique (app names, usernames); keep each request's apart. */
    static String unique(String example, int index) {
        return example.replaceAll("(\"(?:name|username)\"\\s*:\\s*\")([^\"]*)\"", "$1$2-f" + index + "\"");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    String madeUpKey() {
        return "vgl_" + alnum(12) + "_" + alnum(43);
    }

    String alnum(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    static void tag(Draft d, String family, String detail) {
        d.mutations.add(detail.isEmpty() ? family : family + "(" + detail + ")");
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    <T> T pick(T[] array) {
        return array[random.nextInt(array.length)];
    }

    int pick(int[] array) {
        return array[random.nextInt(array.length)];
    }
}
