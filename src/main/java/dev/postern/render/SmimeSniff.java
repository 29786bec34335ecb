package dev.postern.render;

/** Tells S/MIME signed-data from enveloped-data by the content type OID near the start of the DER blob. */
final class SmimeSniff {
    /** 1.2.840.113549.1.7 (PKCS #7 content types), as DER: the last byte names the type. */
    private static final byte[] PKCS7 = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07};

    private SmimeSniff() {}

    /** True when the first PKCS #7 content type in the first 64 bytes is signed-data (.2). */
    static boolean signedData(byte[] der) {
        int end = Math.min(der.length - PKCS7.length - 1, 64);
        for (int i = 0; i <= end; i++) {
            boolean match = true;
            for (int k = 0; k < PKCS7.length && match; k++) match = der[i + k] == PKCS7[k];
            if (match) return der[i + PKCS7.length] == 0x02;
        }
        return false;
    }
}
