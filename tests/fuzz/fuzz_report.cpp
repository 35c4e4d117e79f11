// SPDX-License-Identifier: MIT
// libFuzzer target: a report folder's two text readers. The first octet chooses: even, report.json
// (FetchJsonReader: a refusal names a JSON path; what it reads, written again by JsonOutput and
// read again, is the same JSON); odd, transcript.txt (TranscriptTextReader: what it reads,
// rendered again and read again, renders the same).
#include "net/TranscriptTextReader.h"
#include "scenario/FetchJsonReader.h"
#include "scenario/JsonOutput.h"

#include <QJsonDocument>

#include <cstdlib>

using namespace msim;

namespace {

QString rendered(const QList<net::TranscriptPtr> &transcripts)
{
    QString out;
    for (const auto &t : transcripts)
        out += t->renderText() + QLatin1Char('\n');
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray input(reinterpret_cast<const char *>(bytes) + 1, qsizetype(size - 1));
    if (bytes[0] % 2 == 1) {
        const auto once = net::TranscriptTextReader::read(input);
        const QString text = rendered(once.transcripts);
        const auto twice = net::TranscriptTextReader::read(text.toUtf8());
        if (!twice.error.isEmpty() || rendered(twice.transcripts) != text)
            std::abort(); // what it reads, it reads back the same
        return 0;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(input);
    if (!doc.isObject())
        return 0;
    QString error;
    const auto outcome = scenario::FetchJsonReader::read(doc.object(), &error);
    if (!outcome) {
        if (!error.startsWith(QLatin1Char('$')))
            std::abort(); // every refusal names where
        return 0;
    }
    const QByteArray json = scenario::JsonOutput::fetch(*outcome);
    const auto again =
        scenario::FetchJsonReader::read(QJsonDocument::fromJson(json).object(), &error);
    if (!again || scenario::JsonOutput::fetch(*again) != json)
        std::abort(); // what the writer writes, the reader reads back the same
    return 0;
}
