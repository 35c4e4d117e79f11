// SPDX-License-Identifier: MIT
// The floor (issue 16, DESIGN.md §7): a minimal blocking IMAP client on one socket, OpenSSL used
// directly, no Qt, sending exactly the requests `msim-cli fetch --preset kb-q194998 --keep-seen
// --no-verify` sends for one UID (Messenger 4.5's chunked fetch, MESSENGER45.md), so that
// scripts/bench can show what msim costs over the physical minimum. Not a test.
//
//   MSIM_PASSWORD=secret msim-floor --port N [--host 127.0.0.1] [--security none|ssl]
//       [--user test] [--uid 10] [--chunk 6144] [--ca-file PEM | --no-verify-peer]
//
// The conversation (octet for octet what msim sends: `msim-cli fetch --report DIR` shows it in
// DIR/transcript.txt, and a recording proxy found both clients' octets identical against the
// built-in server and Dovecot): the greeting, then
//   1 capability
//   2 authenticate login, then base64(USER) and base64(PASSWORD) at the two "+" (when
//     CAPABILITY lists AUTH=LOGIN, as Dovecot's does), else: 2 login "USER" "PASSWORD"
//   3 select "INBOX"
//   4 UID fetch UID (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)   the size: RFC822.SIZE here
//   5 UID fetch UID (UID RFC822.SIZE BODY[]<0.CHUNK>)
//   6 UID fetch UID (UID RFC822.SIZE BODY[]<CHUNK.CHUNK>)      one at a time, the last one
//     ...                                                      asking for size - start octets
//   N logout
// Every reply is framed properly (line, {n} literal, rest of the line) from one buffer and every
// command must end in a tagged OK. Trust with --ca-file: the system CAs plus the file (what
// msim's --ca-file gives), the peer's name checked against --host (as an IP address when it is
// one). Prints one line: "floor octets=N chunks=N size=N seconds=S". Exits 1 on any error.
#define _GNU_SOURCE // memmem
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn
{
    int fd;
    SSL *ssl;
    char *buf; // received octets not yet consumed: buf[pos, len)
    size_t pos, len, cap;
};

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("msim-floor: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    ERR_print_errors_fp(stderr);
    exit(1);
}

// Appends what the peer has (at most the free room, at least one octet) to the buffer.
static void fill(struct conn *c)
{
    if (c->pos == c->len)
        c->pos = c->len = 0;
    if (c->cap - c->len < 16384) {
        if (c->pos > 0) {
            memmove(c->buf, c->buf + c->pos, c->len - c->pos);
            c->len -= c->pos;
            c->pos = 0;
        }
        if (c->cap - c->len < 16384) {
            c->cap *= 2;
            c->buf = realloc(c->buf, c->cap);
            if (!c->buf)
                die("out of memory");
        }
    }
    long n;
    if (c->ssl) {
        n = SSL_read(c->ssl, c->buf + c->len, (int)(c->cap - c->len));
        if (n <= 0)
            die("TLS read failed or the server closed the connection (SSL error %d)",
                SSL_get_error(c->ssl, (int)n));
    } else {
        n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (n <= 0)
            die("read failed or the server closed the connection");
    }
    c->len += (size_t)n;
}

static void send_all(struct conn *c, const char *data, size_t size)
{
    while (size > 0) {
        long n = c->ssl ? SSL_write(c->ssl, data, (int)size) : send(c->fd, data, size, 0);
        if (n <= 0)
            die("write failed");
        data += n;
        size -= (size_t)n;
    }
}

// One response: its text (every line with CRLF, literals left out, NUL-terminated) and the
// length of its last literal (the BODY[] data of a FETCH; literals are consumed, not kept).
struct response
{
    char *text;
    size_t len, cap;
    long long literal; // -1 when the response has none
};

static void text_append(struct response *r, const char *data, size_t size)
{
    if (r->len + size + 1 > r->cap) {
        while (r->len + size + 1 > r->cap)
            r->cap = r->cap ? r->cap * 2 : 1024;
        r->text = realloc(r->text, r->cap);
        if (!r->text)
            die("out of memory");
    }
    memcpy(r->text + r->len, data, size);
    r->len += size;
    r->text[r->len] = 0;
}

// Reads one whole response: a line; if it ends in {n} (or {n+}), n octets of literal and the
// rest of the response as another line, and so on.
static void read_response(struct conn *c, struct response *r)
{
    r->len = 0;
    r->literal = -1;
    for (;;) {
        char *crlf;
        size_t from = 0; // octets after pos already searched for CRLF
        while (!(crlf = memmem(c->buf + c->pos + from, c->len - c->pos - from, "\r\n", 2))) {
            from = c->len > c->pos ? c->len - c->pos - 1 : 0; // a CR may end the buffer
            fill(c); // may move the unconsumed octets to the start: offsets from pos stay
        }
        const char *line = c->buf + c->pos;
        size_t size = (size_t)(crlf - line);
        text_append(r, line, size + 2);
        c->pos += size + 2;
        // {n}: digits, an optional '+', '}' at the very end of the line.
        if (size < 3 || line[size - 1] != '}')
            return;
        size_t i = size - 1;
        if (line[i - 1] == '+')
            --i;
        size_t end = i;
        while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9')
            --i;
        if (i == end || i == 0 || line[i - 1] != '{')
            return;
        long long n = strtoll(line + i, NULL, 10);
        r->literal = n;
        while ((long long)(c->len - c->pos) < n) {
            n -= (long long)(c->len - c->pos);
            c->pos = c->len;
            fill(c);
        }
        c->pos += (size_t)n;
    }
}

// What a command's untagged responses said: the length of the last literal (the BODY[] data of
// a FETCH), RFC822.SIZE, whether CAPABILITY listed AUTH=LOGIN; -1 when not seen.
struct said
{
    long long literal, size;
    int auth_login;
};

// Sends "TAG COMMAND\r\n", answers each continuation request ("+ ...") with the next line of
// `answers` (NULL-terminated, may be NULL), and reads responses up to the tagged one, which must
// be OK.
static struct said command(struct conn *c, struct response *r, int tag, const char *text,
                           const char *const *answers)
{
    struct said said = {-1, -1, -1};
    char line[512];
    int n = snprintf(line, sizeof line, "%d %s\r\n", tag, text);
    if (n < 0 || (size_t)n >= sizeof line)
        die("command too long");
    send_all(c, line, (size_t)n);
    char prefix[16];
    int plen = snprintf(prefix, sizeof prefix, "%d ", tag);
    for (;;) {
        read_response(c, r);
        if (strncmp(r->text, prefix, (size_t)plen) == 0) {
            if (strncmp(r->text + plen, "OK", 2) != 0)
                die("%d %s: the server answered %s", tag,
                    answers || !strncmp(text, "login", 5) ? "(login)" : text, r->text + plen);
            return said;
        }
        if (r->text[0] == '+') {
            if (!answers || !*answers)
                die("unexpected continuation request to %d: %.200s", tag, r->text);
            send_all(c, *answers, strlen(*answers));
            send_all(c, "\r\n", 2);
            ++answers;
            continue;
        }
        if (strncmp(r->text, "* ", 2) != 0)
            die("unexpected response to %d: %.200s", tag, r->text);
        if (r->literal >= 0)
            said.literal = r->literal;
        const char *s = strstr(r->text, "RFC822.SIZE ");
        if (s)
            said.size = strtoll(s + 12, NULL, 10);
        if (strncasecmp(r->text, "* CAPABILITY ", 13) == 0) {
            s = strcasestr(r->text, " AUTH=LOGIN");
            said.auth_login = s && (s[11] == ' ' || s[11] == '\r');
        }
    }
}

// Messenger 4.5's login (MESSENGER45.md §3, imap/LoginJob.cpp): AUTHENTICATE LOGIN with the user
// and the password in base64 when CAPABILITY lists AUTH=LOGIN, else LOGIN with both between
// quotes as they are. (LOGINDISABLED's AUTHENTICATE PLAIN and the fallback after a refused
// AUTHENTICATE are not needed against the bench's servers: a refusal is an error here.)
static void login(struct conn *c, struct response *r, int tag, int auth_login, const char *user,
                  const char *password)
{
    char text[512];
    if (!auth_login) {
        snprintf(text, sizeof text, "login \"%s\" \"%s\"", user, password);
        command(c, r, tag, text, NULL);
        return;
    }
    unsigned char b64user[256], b64password[256];
    if (strlen(user) > 180 || strlen(password) > 180)
        die("user name or password too long");
    EVP_EncodeBlock(b64user, (const unsigned char *)user, (int)strlen(user));
    EVP_EncodeBlock(b64password, (const unsigned char *)password, (int)strlen(password));
    const char *answers[] = {(const char *)b64user, (const char *)b64password, NULL};
    command(c, r, tag, "authenticate login", answers);
}

static int connect_tcp(const char *host, const char *port)
{
    struct addrinfo hints = {0}, *res, *a;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc)
        die("%s: %s", host, gai_strerror(rc));
    int fd = -1;
    for (a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        die("could not connect to %s:%s", host, port);
    int one = 1; // msim sends with TCP_NODELAY (Qt's LowDelayOption)
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static SSL *start_tls(int fd, const char *host, const char *ca_file, int verify)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        die("SSL_CTX_new failed");
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // One read(2) brings every TLS record that has arrived, not a 5-octet header and then a body.
    SSL_CTX_set_read_ahead(ctx, 1);
    if (verify) {
        // The trust msim's --ca-file gives: the system CAs plus the file, the system CAs looked
        // up per issuer in OpenSSL's hashed directory (the cheapest correct way, DESIGN.md §7;
        // SSL_CTX_set_default_verify_paths would also parse the whole bundle file up front).
        if (ca_file && SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1)
            die("could not load %s", ca_file);
        const char *dir = getenv(X509_get_default_cert_dir_env());
        if (SSL_CTX_load_verify_dir(ctx, dir ? dir : X509_get_default_cert_dir()) != 1)
            die("could not use the system CA directory");
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    }
    SSL *ssl = SSL_new(ctx);
    SSL_CTX_free(ctx); // the SSL keeps its reference
    if (!ssl)
        die("SSL_new failed");
    struct in6_addr ip;
    int is_ip = inet_pton(AF_INET, host, &ip) == 1 || inet_pton(AF_INET6, host, &ip) == 1;
    if (!is_ip)
        SSL_set_tlsext_host_name(ssl, host); // SNI only for names, as Qt does
    if (verify) {
        X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
        if ((is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host)
                   : X509_VERIFY_PARAM_set1_host(param, host, 0)) != 1)
            die("could not set the name to check: %s", host);
    }
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) != 1)
        die("TLS handshake with %s failed (verify result: %s)", host,
            X509_verify_cert_error_string(SSL_get_verify_result(ssl)));
    return ssl;
}

static void usage(void)
{
    fputs(
        "usage: MSIM_PASSWORD=... msim-floor --port N [--host H] [--security none|ssl] [--user U]\n"
        "       [--uid N] [--chunk N] [--ca-file PEM | --no-verify-peer]\n",
        stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1", *port = NULL, *security = "ssl", *user = "test",
               *ca_file = NULL;
    long long uid = 10, chunk = 6144;
    int verify = 1;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--no-verify-peer")) {
            verify = 0;
            continue;
        }
        if (!v)
            usage();
        if (!strcmp(a, "--host"))
            host = v;
        else if (!strcmp(a, "--port"))
            port = v;
        else if (!strcmp(a, "--security"))
            security = v;
        else if (!strcmp(a, "--user"))
            user = v;
        else if (!strcmp(a, "--uid"))
            uid = strtoll(v, NULL, 10);
        else if (!strcmp(a, "--chunk"))
            chunk = strtoll(v, NULL, 10);
        else if (!strcmp(a, "--ca-file"))
            ca_file = v;
        else
            usage();
        ++i;
    }
    const char *password = getenv("MSIM_PASSWORD");
    int tls = !strcmp(security, "ssl");
    if (!port || !password || uid <= 0 || chunk <= 0 || (!tls && strcmp(security, "none")))
        usage();

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct conn c = {0};
    c.cap = 65536;
    if (!(c.buf = malloc(c.cap)))
        die("out of memory");
    c.fd = connect_tcp(host, port);
    if (tls)
        c.ssl = start_tls(c.fd, host, ca_file, verify);
    struct response r = {0};
    read_response(&c, &r);
    if (strncmp(r.text, "* OK", 4) != 0)
        die("unexpected greeting: %.200s", r.text);

    int tag = 1;
    char text[512];
    struct said said = command(&c, &r, tag++, "capability", NULL);
    login(&c, &r, tag++, said.auth_login == 1, user, password);
    command(&c, &r, tag++, "select \"INBOX\"", NULL);
    // Messenger learns the size from the header fetch, then asks for min(chunk, size - start).
    long long octets = 0, chunks = 0;
    snprintf(text, sizeof text, "UID fetch %lld (UID RFC822.SIZE BODY.PEEK[HEADER] FLAGS)", uid);
    const long long size = command(&c, &r, tag++, text, NULL).size;
    if (size < 0)
        die("UID %lld: no RFC822.SIZE in the reply to the header fetch", uid);
    for (long long start = 0; start < size; start += chunk) {
        long long length = size - start < chunk ? size - start : chunk;
        snprintf(text, sizeof text, "UID fetch %lld (UID RFC822.SIZE BODY[]<%lld.%lld>)", uid,
                 start, length);
        long long got = command(&c, &r, tag++, text, NULL).literal;
        if (got != length)
            die("UID %lld: chunk %lld brought %lld octets, not %lld", uid, chunks + 1, got, length);
        octets += got;
        ++chunks;
    }
    command(&c, &r, tag++, "logout", NULL);
    if (c.ssl)
        SSL_shutdown(c.ssl);
    close(c.fd);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (octets != size)
        die("UID %lld: got %lld octets, RFC822.SIZE %lld", uid, octets, size);
    printf("floor octets=%lld chunks=%lld size=%lld seconds=%.6f\n", octets, chunks, size,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
