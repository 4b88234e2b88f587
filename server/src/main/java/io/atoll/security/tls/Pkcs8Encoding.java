package io.atoll.security.tls;

import java.io.ByteArrayOutputStream;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;

/**
 * Wraps the traditional OpenSSL key encodings into PKCS#8 (RFC 5208 PrivateKeyInfo), the only private key
 * encoding the JDK's {@code KeyFactory} reads: PKCS#1 RSA keys ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC keys
 * ({@code BEGIN EC PRIVATE KEY}). Both become {@code SEQUENCE {INTEGER 0, AlgorithmIdentifier, OCTET STRING key}}
 * around the unchanged original bytes, so nothing is parsed beyond the EC curve name.
 */
final class Pkcs8Encoding {
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    private static final int EC_PARAMETERS_TAG = 0xA0;
    /** {@code 02 01 00}: PrivateKeyInfo version 0. */
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    /** {@code OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL}. */
    private static final byte[] RSA_ALGORITHM = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D,
            0x01, 0x01, 0x01, 0x05, 0x00};
    /** {@code OID 1.2.840.10045.2.1 (id-ecPublicKey)}; the curve OID follows it. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    private Pkcs8Encoding() {
    }

    /** A PKCS#1 RSAPrivateKey as PKCS#8. */
    static byte[] fromPkcs1(byte[] rsaPrivateKey) {
        return privateKeyInfo(RSA_ALGORITHM, rsaPrivateKey);
    }

    /**
     * A SEC1 ECPrivateKey (RFC 5915) as PKCS#8. The curve comes from the key's own {@code [0] parameters}, which
     * OpenSSL always writes; a key without them cannot be used, because nothing else names its curve.
     */
    static byte[] fromSec1(byte[] ecPrivateKey) throws InvalidKeySpecException {
        return privateKeyInfo(concat(EC_PUBLIC_KEY, sec1CurveOid(ecPrivateKey)), ecPrivateKey);
    }

    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        return tlv(SEQUENCE, concat(VERSION_0, tlv(SEQUENCE, algorithm), tlv(OCTET_STRING, key)));
    }

    /** The OID inside the {@code [0]} element of {@code ECPrivateKey ::= SEQUENCE {version, privateKey, [0], [1]}}. */
    private static byte[] sec1CurveOid(byte[] der) throws InvalidKeySpecException {
        DerCursor outer = new DerCursor(der, 0, der.length);
        if (outer.tag() != SEQUENCE) {
            throw new InvalidKeySpecException("not a DER SEQUENCE");
        }
        DerCursor element = new DerCursor(der, outer.contentStart(), outer.end());
        for (int guard = 0; guard < 8 && element.start < outer.end(); guard++) {
            if (element.tag() == EC_PARAMETERS_TAG) {
                DerCursor oid = new DerCursor(der, element.contentStart(), element.end());
                if (oid.tag() != OID) {
                    throw new InvalidKeySpecException("the EC parameters are not a named curve");
                }
                return Arrays.copyOfRange(der, oid.start, oid.end());
            }
            element = new DerCursor(der, element.end(), outer.end());
        }
        throw new InvalidKeySpecException("the EC key does not name its curve");
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One DER element at {@code start}, bounded by {@code limit}; every read is bounds-checked. */
    private static final class DerCursor {
        private final byte[] der;
        private final int start;
        private final int contentStart;
        private final int end;

        DerCursor(byte[] der, int start, int limit) throws InvalidKeySpecException {
            this.der = der;
            this.start = start;
            if (start + 2 > limit) {
                throw new InvalidKeySpecException("truncated DER");
            }
            int first = der[start + 1] & 0xFF;
            int at = start + 2;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 3 || at + count > limit) {
                    throw new InvalidKeySpecException("bad DER length");
                }
                length = 0;
                for (int k = 0; k < count; k++) {
                    length = (length << 8) | (der[at++] & 0xFF);
                }
            }
            if (at + length > limit) {
                throw new InvalidKeySpecException("truncated DER");
            }
            this.contentStart = at;
            this.end = (int) (at + length);
        }

        int tag() {
            return der[start] & 0xFF;
        }

        int contentStart() {
            return contentStart;
        }

        int end() {
            return end;
        }
    }
}
