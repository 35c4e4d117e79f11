// SPDX-License-Identifier: MIT
// Benchmark (not a test): ResponseFramer + ResponseParser throughput on generated FETCH streams,
// fed in 64 KiB reads as a socket delivers them, against memcpy of the same octets in the same
// process as the baseline; and the peak memory while one 50 MiB literal streams in.
//   build/tests/bench/bench_framer [--repeat N]
// See docs/PERFORMANCE.md.
#include "imap/ResponseFramer.h"
#include "imap/ResponseParser.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace msim::imap;

namespace {

constexpr qsizetype kRead = 64 * 1024;

qint64 statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    return -1;
}

void resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5"); // resets VmHWM to the current RSS (Linux >= 4.0)
}

// A stream of `count` chunk replies like Dovecot's answers to <n.6144> requests.
QByteArray chunkStream(int count)
{
    const QByteArray body(6144, 'x');
    QByteArray s;
    s.reserve(qsizetype(count) * 6250);
    for (int i = 0; i < count; ++i) {
        s += "* 6 FETCH (UID 6 RFC822.SIZE 5242880 BODY[]<" + QByteArray::number(qint64(i) * 6144) +
             "> {6144}\r\n";
        s += body;
        s += ")\r\n" + QByteArray::number(i + 5) + " OK Fetch completed.\r\n";
    }
    return s;
}

struct Run
{
    double seconds = 0;
    qint64 responses = 0;
    qint64 literalOctets = 0;
};

Run frameAndParse(const QByteArray &stream)
{
    Run r;
    QElapsedTimer t;
    t.start();
    ResponseFramer framer;
    QList<RawResponse> out;
    for (qsizetype i = 0; i < stream.size(); i += kRead) {
        framer.feed(QByteArrayView(stream).sliced(i, std::min(kRead, stream.size() - i)), out);
        for (const RawResponse &raw : out) {
            auto parsed = ResponseParser::parse(raw);
            if (auto *resp = std::get_if<Response>(&parsed)) {
                ++r.responses;
                if (auto *f = resp->as<FetchResponse>())
                    for (const auto &b : f->bodies)
                        r.literalOctets += b.data.size();
            }
        }
        out.clear();
    }
    r.seconds = t.nsecsElapsed() / 1e9;
    return r;
}

double memcpyBaseline(const QByteArray &stream)
{
    QElapsedTimer t;
    t.start();
    QByteArray dst(kRead, Qt::Uninitialized);
    qint64 sum = 0;
    for (qsizetype i = 0; i < stream.size(); i += kRead) {
        const qsizetype n = std::min(kRead, stream.size() - i);
        std::memcpy(dst.data(), stream.constData() + i, size_t(n));
        sum += dst.at(n - 1);
    }
    const double s = t.nsecsElapsed() / 1e9;
    if (sum == 42)
        std::puts("");
    return s;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int repeat = 5;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--repeat")); i >= 0 && i + 1 < args.size())
        repeat = std::max(1, args[i + 1].toInt());

    // 1. Many 6144-octet chunk replies (what a 4.5-style fetch of ~60 MB receives).
    const QByteArray stream = chunkStream(10000);
    std::vector<double> parse;
    std::vector<double> copy;
    Run last;
    for (int i = 0; i < repeat; ++i) {
        copy.push_back(memcpyBaseline(stream));
        last = frameAndParse(stream);
        parse.push_back(last.seconds);
    }
    const double mb = stream.size() / 1e6;
    std::printf("chunk replies: %lld responses, %.1f MB, %d runs\n", (long long)last.responses, mb, repeat);
    std::printf("  framer+parser  %8.0f MB/s  (median %.4f s)\n", mb / median(parse), median(parse));
    std::printf("  memcpy         %8.0f MB/s  (same octets, same 64 KiB reads)\n", mb / median(copy));
    std::printf("  parse/memcpy   %8.1f x slower\n", median(parse) / median(copy));

    // 2. One 50 MiB literal streamed in 64 KiB reads: throughput and peak memory above the
    //    baseline taken just before (the input is generated read by read, never held whole).
    const qint64 literal = 50LL * 1024 * 1024;
    const QByteArray piece(kRead, 'y');
    const QByteArray head = "* 10 FETCH (UID 10 BODY[] {" + QByteArray::number(literal) + "}\r\n";
    std::vector<double> big;
    qint64 worstPeakKb = 0;
    for (int i = 0; i < repeat; ++i) {
        const qint64 baseKb = statusKb("VmRSS:");
        resetPeak();
        QElapsedTimer t;
        t.start();
        ResponseFramer framer;
        QList<RawResponse> out;
        framer.feed(head, out);
        for (qint64 sent = 0; sent < literal; sent += kRead)
            framer.feed(QByteArrayView(piece).first(std::min<qint64>(kRead, literal - sent)), out);
        framer.feed(")\r\n", out);
        auto parsed = ResponseParser::parse(out.value(0));
        const bool ok = std::holds_alternative<Response>(parsed) &&
                        std::get<Response>(parsed).as<FetchResponse>()->bodies.value(0).data.size() == literal;
        big.push_back(t.nsecsElapsed() / 1e9);
        worstPeakKb = std::max(worstPeakKb, statusKb("VmHWM:") - baseKb);
        if (!ok) {
            std::puts("ERROR: the 50 MiB literal did not come back whole");
            return 1;
        }
    }
    std::printf("one 50 MiB literal: %d runs\n", repeat);
    std::printf("  framer+parser  %8.0f MB/s  (median %.4f s)\n", literal / 1e6 / median(big), median(big));
    std::printf("  peak memory    %8.1f MiB above the baseline = %.2f x the literal\n",
                worstPeakKb / 1024.0, worstPeakKb * 1024.0 / double(literal));
    return 0;
}
