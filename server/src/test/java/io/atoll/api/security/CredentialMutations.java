package io.atoll.api.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.atoll.api.security.RawHttp.Header;
import io.atoll.security.Tokens;
import io.atoll.testing.RestClient;
import io.grpc.Status;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Mangled credentials made from valid ones, each with the most it may get: the generator and the oracle of the
 * header fuzz test. The oracle is an upper bound written from Qdrant's rules (a credential cannot gain by being
 * damaged; a token's grant is its {@code access} claim, full when absent), not from the server's code. Stateless.
 */
final class CredentialMutations {
    static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final String[] WEIRD = {"\u0000", "\u0001", "\t", " ", "\u007f", "\u00e9", "\u00ff", "\"", "\\",
            ".", "=", "+", "/", "%", ",", ";", "\u6f22", "\ud83d\ude00", "\u200b", "\ufeff"};

    private CredentialMutations() {
    }

    /** What a credential may do to collection {@code a}, at most. */
    enum Ceiling {
        NOTHING, READ, WRITE;

        Ceiling max(Ceiling other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /** A valid credential and the header that carries it. */
    record Source(String name, Header header, Ceiling ceiling) {
        boolean isToken() {
            return header.text().startsWith("Bearer ey");
        }
    }

    /** Headers to send, the most they may get, and, where it is certain, the exact REST status and gRPC code. */
    record Case(String what, List<Header> headers, Ceiling ceiling, Integer rest, Status.Code grpc) {
        static Case of(String what, Ceiling ceiling, Header... headers) {
            return new Case(what, List.of(headers), ceiling, null, null);
        }

        Case exactly(int status, Status.Code code) {
            return new Case(what, headers, ceiling, status, code);
        }
    }

    static Header bearer(String token) {
        return Header.of("authorization", "Bearer " + token);
    }

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String json(Object value) {
        try {
            return RestClient.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token with these claims, signed with HS256 and {@code key}. */
    static String signed(String key, Object claims) {
        return Tokens.raw(key, HS256, json(claims));
    }

    /** A bearer token signed with the full key, with these claims (names and values in turn; a value may be null). */
    static Header token(Object... namesAndValues) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            claims.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return bearer(signed(SecuredNode.KEY, claims));
    }

    /** A bearer token of these claims (JSON as written), signed with the full key. */
    static Header rawToken(String claimsJson) {
        return bearer(Tokens.raw(SecuredNode.KEY, CredentialMutations.HS256, claimsJson));
    }

    /** An m token good while a point of {@code collection} has {@code key: value}. */
    static Header valueExists(String collection, String key, Object value) {
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("key", key);
        match.put("value", value);
        return token("access", "m", "value_exists", Map.of("collection", collection, "matches", List.of(match)));
    }

    static Case random(Random rnd, List<Source> sources) {
        List<Source> tokens = sources.stream().filter(Source::isToken).toList();
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> damaged(rnd, sources.get(rnd.nextInt(sources.size())));
            case 2 -> dotted(rnd, tokens.get(rnd.nextInt(tokens.size())));
            case 3 -> spliced(rnd, tokens);
            case 4 -> randomClaims(rnd);
            default -> arranged(rnd, sources);
        };
    }

    /** Bytes replaced, inserted, dropped, cut or repeated: never more than the source. */
    static Case damaged(Random rnd, Source source) {
        byte[] v = source.header().value();
        for (int ops = 1 + rnd.nextInt(3); ops > 0; ops--) {
            int at = rnd.nextInt(v.length + 1);
            byte[] b = weird(rnd).getBytes(StandardCharsets.UTF_8);
            v = switch (rnd.nextInt(5)) {
                case 0 -> at < v.length ? splice(v, at, at + 1, b) : v;
                case 1 -> splice(v, at, at, b);
                case 2 -> at < v.length ? splice(v, at, at + 1, new byte[0]) : v;
                case 3 -> Arrays.copyOf(v, at);
                default -> splice(v, at, at, Arrays.copyOfRange(v, at / 2, at));
            };
        }
        Header h = new Header(source.header().name(), v);
        return Case.of(source.name() + " damaged into `" + show(h.text()) + "`", source.ceiling(), h);
    }

    private static byte[] splice(byte[] v, int from, int to, byte[] with) {
        byte[] out = new byte[v.length - (to - from) + with.length];
        System.arraycopy(v, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(v, to, out, from + with.length, v.length - to);
        return out;
    }

    /** Dots added at random places: a token split into more parts, or parts split differently. */
    static Case dotted(Random rnd, Source source) {
        StringBuilder token = new StringBuilder(source.header().text().substring(7));
        for (int dots = 1 + rnd.nextInt(2); dots > 0; dots--) {
            token.insert(rnd.nextInt(token.length() + 1), '.');
        }
        return Case.of(source.name() + " with dots: `" + show(token.toString()) + "`", source.ceiling(),
                bearer(token.toString()));
    }

    /**
     * Header, payload and signature taken from several tokens, or one token's parts reordered: only a payload with
     * its own signature may verify (every token here has the same header).
     */
    static Case spliced(Random rnd, List<Source> tokens) {
        Source[] from = {tokens.get(rnd.nextInt(tokens.size())), tokens.get(rnd.nextInt(tokens.size())),
                tokens.get(rnd.nextInt(tokens.size()))};
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        if (rnd.nextBoolean()) {
            Collections.shuffle(order, rnd);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parts.add(from[i].header().text().substring(7).split("\\.")[order.get(i)]);
        }
        boolean intact = order.equals(List.of(0, 1, 2)) && from[1] == from[2];
        String token = String.join(".", parts);
        return Case.of("parts " + order + " of " + from[0].name() + ", " + from[1].name() + " and " + from[2].name(),
                intact ? from[1].ceiling() : Ceiling.NOTHING, bearer(token));
    }

    /** Random claims with a random access claim, signed with a full key, another key, or under another algorithm. */
    static Case randomClaims(Random rnd) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            claims.put(text(rnd, 6), randomJson(rnd, 3));
        }
        if (rnd.nextInt(4) == 0) {
            claims.put("exp", List.of(0L, -1L, Long.MAX_VALUE, 1e300, "x", 4_102_444_800L).get(rnd.nextInt(6)));
        }
        if (rnd.nextInt(5) == 0) {
            Map<String, Object> match = new LinkedHashMap<>();
            match.put("key", text(rnd, 4));
            match.put("value", randomJson(rnd, 1));
            claims.put("value_exists", Map.of("collection", List.of("users", "a", "nope").get(rnd.nextInt(3)),
                    "matches", List.of(match)));
        }
        Object access = randomAccess(rnd);
        if (access != null || rnd.nextBoolean()) {
            claims.put("access", access);
        }
        Object payload = rnd.nextInt(10) == 0 ? randomJson(rnd, 2) : claims;
        int keyChoice = rnd.nextInt(10);
        String key = keyChoice < 7 ? SecuredNode.KEY : keyChoice < 8 ? SecuredNode.ALT : "another-secret";
        String header = rnd.nextInt(8) > 0 ? HS256
                : json(Map.of("alg", List.of("none", "HS512", "hs256", "RS256", "").get(rnd.nextInt(5))));
        boolean trusted = !key.equals("another-secret") && header.equals(HS256);
        String token = Tokens.raw(key, header, json(payload));
        @SuppressWarnings("unchecked")
        Ceiling most = trusted && payload instanceof Map<?, ?> m ? grant((Map<String, Object>) m) : Ceiling.NOTHING;
        return Case.of("claims " + show(json(payload)) + " under " + header + (trusted ? "" : " (untrusted)"), most,
                bearer(token));
    }

    /** What Qdrant grants a verified token on collection {@code a}, at most (a bad claim only makes it less). */
    static Ceiling grant(Map<String, Object> claims) {
        Object access = claims.get("access");
        if (access == null) {
            return Ceiling.WRITE;
        }
        if (access instanceof String s) {
            return s.equals("m") ? Ceiling.WRITE : s.equals("r") ? Ceiling.READ : Ceiling.NOTHING;
        }
        Ceiling most = Ceiling.NOTHING;
        if (access instanceof List<?> entries) {
            for (Object e : entries) {
                if (e instanceof Map<?, ?> m && "a".equals(m.get("collection"))) {
                    Object mode = m.get("access");
                    most = most.max("rw".equals(mode) || "prw".equals(mode) ? Ceiling.WRITE
                            : "r".equals(mode) ? Ceiling.READ : Ceiling.NOTHING);
                }
            }
        }
        return most;
    }

    private static Object randomAccess(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> List.of("r", "m", "rw", "prw", "", "R", "M ").get(rnd.nextInt(7));
            case 1 -> null;
            case 2 -> randomJson(rnd, 2);
            default -> {
                List<Object> entries = new ArrayList<>();
                for (int i = rnd.nextInt(3); i >= 0; i--) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("collection", List.of("a", "b", "A", "a ", text(rnd, 3)).get(rnd.nextInt(5)));
                    entry.put("access", rnd.nextInt(6) == 0 ? randomJson(rnd, 1)
                            : List.of("r", "rw", "prw", "m", "").get(rnd.nextInt(5)));
                    entries.add(entry);
                }
                yield entries;
            }
        };
    }

    /** Two or three credentials in random order and random letter case: never more than the best of them. */
    static Case arranged(Random rnd, List<Source> sources) {
        List<Header> headers = new ArrayList<>();
        Ceiling most = Ceiling.NOTHING;
        StringBuilder what = new StringBuilder("several credentials:");
        for (int i = 2 + rnd.nextInt(2); i > 0; i--) {
            Source s = sources.get(rnd.nextInt(sources.size()));
            Header h = rnd.nextInt(4) == 0 ? Header.of(s.header().name(), text(rnd, 12)) : s.header();
            if (h == s.header()) {
                most = most.max(s.ceiling());
            }
            String name = rnd.nextBoolean() ? h.name().toUpperCase(Locale.ROOT) : h.name();
            headers.add(new Header(name, h.value()));
            what.append(' ').append(name).append('=').append(h == s.header() ? s.name() : "junk");
        }
        Collections.shuffle(headers, rnd);
        return new Case(what.toString(), List.copyOf(headers), most, null, null);
    }

    static Object randomJson(Random rnd, int depth) {
        return switch (rnd.nextInt(depth <= 0 ? 5 : 7)) {
            case 0 -> null;
            case 1 -> rnd.nextBoolean();
            case 2 -> rnd.nextBoolean() ? rnd.nextLong() : rnd.nextDouble() * 1e6;
            case 3 -> text(rnd, 8);
            case 4 -> rnd.nextInt(3);
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    list.add(randomJson(rnd, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    map.put(text(rnd, 5), randomJson(rnd, depth - 1));
                }
                yield map;
            }
        };
    }

    /** Up to {@code max} characters, letters mostly, with the odd control, non-ASCII or syntax character. */
    static String text(Random rnd, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = rnd.nextInt(max + 1); i > 0; i--) {
            s.append(rnd.nextInt(4) == 0 ? weird(rnd) : String.valueOf((char) ('a' + rnd.nextInt(26))));
        }
        return s.toString();
    }

    private static String weird(Random rnd) {
        return rnd.nextInt(3) == 0 ? String.valueOf((char) (0x21 + rnd.nextInt(94))) : WEIRD[rnd.nextInt(WEIRD.length)];
    }

    /** An answer must not repeat a key, nor a long value that was sent (it may be someone's secret). */
    static List<String> echoes(Case c, String answer) {
        List<String> found = new ArrayList<>();
        for (String secret : List.of(SecuredNode.KEY, SecuredNode.ALT, SecuredNode.RO)) {
            if (answer.contains(secret)) {
                found.add("it echoes a key");
            }
        }
        for (Header h : c.headers()) {
            String value = h.text().startsWith("Bearer ") ? h.text().substring(7) : h.text();
            if (value.length() > 20 && answer.contains(value)) {
                found.add("it echoes the " + h.name() + " sent");
            }
        }
        return found;
    }

    /** Visible ASCII characters, as many as asked. */
    static String printable(Random rnd, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('!' + rnd.nextInt(94)));
        }
        return s.toString();
    }

    /** A value as a test report shows it: escaped, and clipped. */
    static String show(String value) {
        StringBuilder s = new StringBuilder();
        value.chars().limit(160).forEach(c -> s.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return value.length() > 160 ? s + "...(" + value.length() + " chars)" : s.toString();
    }
}
