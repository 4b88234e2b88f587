package io.atoll.security.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One {@code -----BEGIN <label>-----} ... {@code -----END <label>-----} block of a PEM file (RFC 7468), decoded.
 * Text outside blocks is ignored, as OpenSSL ignores it ({@code openssl x509 -text} output keeps working).
 *
 * @param encrypted whether the block carries RFC 1421 headers saying it is encrypted (OpenSSL's legacy
 *                  {@code Proc-Type: 4,ENCRYPTED}), in which case {@code der} is ciphertext
 */
record PemBlock(String label, byte[] der, boolean encrypted) {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** Every block of {@code pem}, in file order; {@code source} only names the file in errors. */
    static List<PemBlock> parse(byte[] pem, Path source) {
        // ISO-8859-1 maps every byte to one char, so binary garbage cannot make decoding itself fail.
        String[] lines = new String(pem, StandardCharsets.ISO_8859_1).split("\r?\n|\r");
        List<PemBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() <= BEGIN.length() + DASHES.length()) {
                continue;
            }
            String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
            String endLine = END + label + DASHES;
            StringBuilder base64 = new StringBuilder();
            boolean encrypted = false;
            int j = i + 1;
            for (; j < lines.length && !lines[j].strip().equals(endLine); j++) {
                String body = lines[j].strip();
                if (body.indexOf(':') >= 0) {
                    encrypted |= body.startsWith("Proc-Type:") && body.contains("ENCRYPTED");
                } else {
                    base64.append(body);
                }
            }
            if (j == lines.length) {
                throw new TlsFileException("malformed PEM in " + source + ": " + BEGIN + label + DASHES
                        + " has no matching " + endLine + " line");
            }
            blocks.add(new PemBlock(label, decode(base64.toString(), label, source), encrypted));
            i = j;
        }
        return blocks;
    }

    private static byte[] decode(String base64, String label, Path source) {
        try {
            // The strict decoder, not the MIME one, which would skip stray characters and hand on a damaged key.
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // The decoder's message names one offending character at most, never the content.
            throw new TlsFileException("malformed PEM in " + source + ": the " + label
                    + " block is not valid base64 (" + e.getMessage() + ")");
        }
    }
}
