/* An OpenSSL x509-limbo harness, for timing only (scripts/bench-limbo): the same checks as the
 * upstream C++ harness (x509-limbo harness/openssl): SERVER cases with trusted roots, untrusted
 * intermediates, CRLs, validation time, peer name, max depth and the TLS server purpose; CLIENT
 * cases are skipped as upstream does. Its input is limbo.json flattened by scripts/bench-limbo
 * (one case per line: tab-separated fields, the PEM groups base64-encoded), so no JSON library is
 * needed. Prints one line per case (id, expected, actual) and the totals. */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decode a base64 field (no newlines) into a NUL-terminated buffer. */
static char *unbase64(const char *b64, int *len) {
    size_t n = strlen(b64);
    char *out = malloc(n / 4 * 3 + 4);
    int m = EVP_DecodeBlock((unsigned char *)out, (const unsigned char *)b64, (int)n);
    if (m < 0) m = 0;
    while (m > 0 && n > 0 && b64[n - 1] == '=') { m--; n--; } /* DecodeBlock keeps padding bytes */
    out[m] = 0;
    *len = m;
    return out;
}

static STACK_OF(X509) *certs_of(const char *b64) {
    int len;
    char *pem = unbase64(b64, &len);
    BIO *bio = BIO_new_mem_buf(pem, len);
    STACK_OF(X509) *out = sk_X509_new_null();
    X509 *x;
    while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) sk_X509_push(out, x);
    BIO_free(bio);
    free(pem);
    return out;
}

static STACK_OF(X509_CRL) *crls_of(const char *b64) {
    int len;
    char *pem = unbase64(b64, &len);
    BIO *bio = BIO_new_mem_buf(pem, len);
    STACK_OF(X509_CRL) *out = sk_X509_CRL_new_null();
    X509_CRL *c;
    while ((c = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL)) != NULL) sk_X509_CRL_push(out, c);
    BIO_free(bio);
    free(pem);
    return out;
}

int main(int argc, char **argv) {
    FILE *in = argc > 1 ? fopen(argv[1], "r") : stdin;
    if (!in) { perror("open"); return 2; }
    size_t cap = 1 << 20;
    char *line = malloc(cap);
    int pass = 0, false_accept = 0, false_reject = 0, skipped = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, in)) > 0) {
        if (line[got - 1] == '\n') line[got - 1] = 0;
        /* id, kind, expected, time, depth, name kind, name, peer, trusted, untrusted, crls */
        char *f[11];
        int i = 0;
        for (char *p = strtok(line, "\t"); p && i < 11; p = strtok(NULL, "\t")) f[i++] = p;
        if (i != 11) { fprintf(stderr, "bad line (%d fields)\n", i); return 2; }
        if (strcmp(f[1], "SERVER") != 0) { skipped++; printf("%s\t%s\tSKIPPED\n", f[0], f[2]); continue; }
        STACK_OF(X509) *peer = certs_of(f[7]), *trusted = certs_of(f[8]), *untrusted = certs_of(f[9]);
        STACK_OF(X509_CRL) *crls = crls_of(f[10]);
        X509_STORE *store = X509_STORE_new();
        for (int k = 0; k < sk_X509_num(trusted); k++) X509_STORE_add_cert(store, sk_X509_value(trusted, k));
        X509_STORE_CTX *ctx = X509_STORE_CTX_new();
        int ok = 0;
        if (sk_X509_num(peer) == 1 && X509_STORE_CTX_init(ctx, store, sk_X509_value(peer, 0), untrusted)) {
            X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
            X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
            long t = atol(f[3]);
            if (t >= 0) X509_VERIFY_PARAM_set_time(param, (time_t)t);
            int depth = atoi(f[4]);
            if (depth >= 0) X509_VERIFY_PARAM_set_depth(param, depth);
            if (strcmp(f[5], "DNS") == 0) X509_VERIFY_PARAM_set1_host(param, f[6], 0);
            else if (strcmp(f[5], "IP") == 0) X509_VERIFY_PARAM_set1_ip_asc(param, f[6]);
            else if (strcmp(f[5], "RFC822") == 0) X509_VERIFY_PARAM_set1_email(param, f[6], 0);
            if (sk_X509_CRL_num(crls) > 0) {
                X509_STORE_CTX_set0_crls(ctx, crls);
                X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
            }
            ok = X509_verify_cert(ctx) == 1;
        }
        const char *actual = ok ? "SUCCESS" : "FAILURE";
        printf("%s\t%s\t%s\n", f[0], f[2], actual);
        if (strcmp(actual, f[2]) == 0) pass++;
        else if (ok) false_accept++;
        else false_reject++;
        X509_STORE_CTX_free(ctx);
        X509_STORE_free(store);
        sk_X509_pop_free(peer, X509_free);
        sk_X509_pop_free(trusted, X509_free);
        sk_X509_pop_free(untrusted, X509_free);
        sk_X509_CRL_pop_free(crls, X509_CRL_free);
    }
    fprintf(stderr, "openssl harness: %d pass, %d false accept, %d false reject, %d skipped\n", pass, false_accept,
            false_reject, skipped);
    free(line);
    return 0;
}
