// SPDX-License-Identifier: MIT
#include "scenario/ReportReader.h"

#include "net/Printable.h"
#include "net/TranscriptTextReader.h"
#include "scenario/FetchJsonReader.h"
#include "scenario/MatrixCell.h"
#include "scenario/MatrixReportHtml.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

namespace msim::scenario {

namespace {

using Result = ReportReader::Result;

enum class Read { Ok, Missing, Failed };

// The octets of `name` in `dir`, at most `limit`; Failed sets *error ("report.json: …").
Read readFile(const QDir &dir, const QString &name, qint64 limit, QByteArray &out, QString *error)
{
    const QString path = dir.filePath(name);
    const QFileInfo info(path);
    if (!info.exists())
        return Read::Missing;
    if (!info.isFile()) {
        *error = QStringLiteral("%1: not a file").arg(name);
        return Read::Failed;
    }
    if (info.size() > limit) {
        *error = QStringLiteral("%1: %2 octets, more than the %3 a report's file may have; not "
                                "read")
                     .arg(name)
                     .arg(info.size())
                     .arg(limit);
        return Read::Failed;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(name, f.errorString());
        return Read::Failed;
    }
    out = f.read(limit + 1);
    if (out.size() > limit) { // grew since it was measured
        *error = QStringLiteral("%1: more than %2 octets; not read").arg(name).arg(limit);
        return Read::Failed;
    }
    return Read::Ok;
}

QString quote(QByteArrayView raw)
{
    const QString s =
        QString::fromUtf8(raw.first(std::min<qsizetype>(raw.size(), ReportReader::kQuotedChars)));
    return QLatin1Char('"') + net::printable::text(s) +
           (raw.size() > ReportReader::kQuotedChars ? QStringLiteral("…\"") : QStringLiteral("\""));
}

// report.json as an object, or *error with the line, the offset and the text there.
std::optional<QJsonObject> parseJson(const QByteArray &bytes, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError) {
        const qsizetype offset = std::clamp<qsizetype>(pe.offset, 0, bytes.size());
        const qsizetype line = bytes.first(offset).count('\n') + 1;
        const qsizetype from = std::max<qsizetype>(0, offset - ReportReader::kQuotedChars / 2);
        *error = QStringLiteral("report.json: not valid JSON at line %1, offset %2 (%3), near %4")
                     .arg(line)
                     .arg(offset)
                     .arg(pe.errorString(), quote(QByteArrayView(bytes).sliced(from)));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("report.json: not a JSON object: %1").arg(quote(bytes));
        return std::nullopt;
    }
    return doc.object();
}

// The first text of `re`'s group 1 in report.html, or "".
QString htmlField(const QString &html, const QString &pattern)
{
    const QRegularExpression re(pattern);
    return re.match(html).captured(1);
}

// report.html's emulated client and "Generated" time (the JSON holds neither).
void readHtml(const QDir &dir, fetch::FetchOutcome &o, Result &r)
{
    QByteArray bytes;
    QString error;
    if (readFile(dir, QStringLiteral("report.html"), ReportReader::kMaxHtmlBytes, bytes, &error) !=
        Read::Ok)
        return;
    const QString html = QString::fromUtf8(bytes);
    const QString client =
        htmlField(html, QStringLiteral("<th>emulated client</th><td>([^<]{1,40})</td>"));
    if (client == u"Messenger 4.5" || client == u"Thunderbird")
        o.client = client;
    const QString preset =
        htmlField(html, QStringLiteral("<th>preset</th><td>([a-z0-9-]{1,40})</td>"));
    o.preset = preset;
    const QDateTime made = QDateTime::fromString(
        htmlField(html,
                  QStringLiteral("Generated (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC")),
        QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (made.isValid())
        r.made = QDateTime(made.date(), made.time(), Qt::UTC);
}

// The transcripts, and each chunk's connection and stream offset: the first literal after the
// client line that sent the chunk's command.
void readTranscripts(const QDir &dir, fetch::FetchOutcome &o, Result &r, QString *error)
{
    QByteArray bytes;
    const QString name = QStringLiteral("transcript.txt");
    switch (readFile(dir, name, ReportReader::kMaxTranscriptBytes, bytes, error)) {
    case Read::Missing:
        r.notes << QStringLiteral("transcript.txt is missing: no transcript is shown.");
        return;
    case Read::Failed:
        return;
    case Read::Ok:
        break;
    }
    const auto read = net::TranscriptTextReader::read(bytes);
    o.transcripts = read.transcripts;
    if (!read.error.isEmpty())
        r.notes << QStringLiteral(
                       "transcript.txt line %1: %2; the transcript is shown up to there.")
                       .arg(read.line)
                       .arg(read.error);
    using Kind = net::Transcript::Line::Kind;
    for (fetch::MessageOutcome &m : o.messages) {
        for (fetch::ChunkRecord &c : m.chunks) {
            const QString command = net::Transcript::escape(c.command);
            for (qsizetype t = 0; t < o.transcripts.size() && c.literalStreamOffset < 0; ++t) {
                const QList<net::Transcript::Line> lines = o.transcripts[t]->lines();
                qsizetype i = 0;
                while (i < lines.size() &&
                       !(lines[i].kind == Kind::Client && lines[i].text == command))
                    ++i;
                while (i < lines.size() && lines[i].kind != Kind::Literal)
                    ++i;
                if (i < lines.size()) {
                    c.connection = int(t + 1);
                    c.literalStreamOffset = lines[i].offset;
                }
            }
        }
    }
}

// UID.displayed.eml and UID.reference.eml, checked against report.json's lengths and hashes.
bool readMessages(const QDir &dir, const QJsonArray &json, fetch::FetchOutcome &o, Result &r,
                  QString *error)
{
    for (qsizetype i = 0; i < o.messages.size(); ++i) {
        fetch::MessageOutcome &m = o.messages[i];
        const QJsonObject j = json[i].toObject();
        for (const bool reference : {false, true}) {
            const QString key =
                reference ? QStringLiteral("reference") : QStringLiteral("displayed");
            const QJsonValue sha = j.value(key + QStringLiteral("_sha256"));
            if (!m.exists || (reference && sha.isNull()))
                continue;
            const QString name = QStringLiteral("%1.%2.eml").arg(m.uid).arg(key);
            QByteArray bytes;
            const Read got = readFile(dir, name, ReportReader::kMaxEmlBytes, bytes, error);
            if (got == Read::Failed)
                return false;
            if (got == Read::Missing) {
                r.notes << QStringLiteral("%1 is missing: that text is not shown.").arg(name);
                continue;
            }
            if (fetch::FetchOutcome::sha256(bytes) != sha.toString())
                r.notes << QStringLiteral("%1 is not the file report.json describes (its "
                                          "SHA-256 differs): shown as it is.")
                               .arg(name);
            if (reference)
                m.reference = bytes;
            else
                m.displayed = bytes;
        }
        // The comparison's details from the octets; the verdict stays the report's.
        const fetch::Verdict verdict = m.comparison.verdict;
        m.comparison = fetch::Comparison::judge(m.displayed, m.reference, m.rfc822Size);
        m.comparison.verdict = verdict;
        m.mime = fetch::MimeDamage::assess(m.displayed, m.reference);
        m.comparison.displayedLength =
            j.value(QStringLiteral("displayed_length")).toInteger(m.displayed.size());
        m.referenceSource = m.reference ? QStringLiteral("server") : QString();
    }
    return true;
}

Result readFolder(const QString &folder, int depth);

// A matrix object ({"cells": [...]}): its first cell's sub-folder, read as a fetch report.
Result readMatrix(const QDir &dir, const QJsonObject &m, int depth)
{
    QList<MatrixCell> cells;
    for (const QJsonValue &v : m.value(QStringLiteral("cells")).toArray()) {
        const QJsonObject c = v.toObject();
        MatrixCell cell;
        cell.security = net::parseSecurity(c.value(QStringLiteral("security")).toString())
                            .value_or(net::Security::Ssl);
        cell.fetchByChunks = c.value(QStringLiteral("fetch_by_chunks")).toBool();
        if (c.value(QStringLiteral("chunk_size")).isDouble())
            cell.chunkSize = c.value(QStringLiteral("chunk_size")).toInteger();
        cells << cell;
    }
    const QStringList names = MatrixReportHtml::folderNames(cells);
    Result r;
    if (names.isEmpty() || depth > 0 || !dir.exists(names.first())) {
        r.kind = ReportReader::Kind::Matrix;
        r.cells = names;
        r.error = names.isEmpty()
                      ? QStringLiteral("report.json: a matrix report without cells")
                      : QStringLiteral("report.json: a matrix report; its cells are in the "
                                       "sub-folders %1, and %2 is not there: open a cell's "
                                       "sub-folder")
                            .arg(names.join(QStringLiteral(", ")), names.first());
        return r;
    }
    r = readFolder(dir.filePath(names.first()), depth + 1);
    r.kind = ReportReader::Kind::Matrix;
    r.cells = names;
    r.notes.prepend(QStringLiteral("A matrix report (cells: %1): showing its first cell, %2. "
                                   "Open another cell's sub-folder to see it.")
                        .arg(names.join(QStringLiteral(", ")), names.first()));
    return r;
}

Result readFolder(const QString &folder, int depth)
{
    Result r;
    const QDir dir(folder);
    r.folder = dir.absolutePath();
    auto failed = [&](const QString &why) {
        r.error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(r.folder), why);
        r.outcome.reset();
        return r;
    };
    QByteArray bytes;
    QString error;
    switch (
        readFile(dir, QStringLiteral("report.json"), ReportReader::kMaxJsonBytes, bytes, &error)) {
    case Read::Missing:
        return failed(QStringLiteral("no report.json: not a report folder written by msim"));
    case Read::Failed:
        return failed(error);
    case Read::Ok:
        break;
    }
    auto root = parseJson(bytes, &error);
    if (!root)
        return failed(error);
    QJsonObject fetchObject = *root;
    if (root->contains(QStringLiteral("result"))) { // reproduce
        const QJsonObject scenario = root->value(QStringLiteral("scenario")).toObject();
        const QJsonObject result = root->value(QStringLiteral("result")).toObject();
        if (result.contains(QStringLiteral("cells"))) {
            Result m = readMatrix(dir, result, depth);
            m.title = scenario.value(QStringLiteral("title")).toString();
            m.ticket = scenario.value(QStringLiteral("ticket")).toString();
            if (!m.error.isEmpty() && !m.error.startsWith(r.folder))
                m.error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(r.folder), m.error);
            return m;
        }
        r.kind = ReportReader::Kind::Reproduce;
        r.title = net::printable::text(scenario.value(QStringLiteral("title")).toString());
        r.ticket = net::printable::text(scenario.value(QStringLiteral("ticket")).toString());
        if (root->value(QStringLiteral("expectation_met")).isBool())
            r.expectationMet = root->value(QStringLiteral("expectation_met")).toBool();
        fetchObject = result;
    } else if (root->contains(QStringLiteral("cells"))) {
        Result m = readMatrix(dir, *root, depth);
        if (!m.error.isEmpty() && !m.error.startsWith(r.folder))
            m.error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(r.folder), m.error);
        return m;
    }
    auto outcome = FetchJsonReader::read(fetchObject, &error);
    if (!outcome)
        return failed(QStringLiteral("report.json: %1").arg(error));
    outcome->client = QStringLiteral("Messenger 4.5"); // report.html says otherwise if it was not
    readHtml(dir, *outcome, r);
    if (!r.made.isValid()) {
        r.made = QFileInfo(dir.filePath(QStringLiteral("report.json"))).lastModified().toUTC();
        r.madeFromFileTime = true;
    }
    error.clear();
    if (!readMessages(dir, fetchObject.value(QStringLiteral("messages")).toArray(), *outcome, r,
                      &error))
        return failed(error);
    readTranscripts(dir, *outcome, r, &error);
    if (!error.isEmpty())
        return failed(error);
    r.outcome = std::move(outcome);
    return r;
}

} // namespace

ReportReader::Result ReportReader::read(const QString &folder)
{
    return readFolder(folder, 0);
}

QString ReportReader::Result::banner() const
{
    QString what = QStringLiteral("Report");
    if (kind == Kind::Matrix)
        what = QStringLiteral("Matrix cell %1 of the report").arg(QDir(folder).dirName());
    else if (kind == Kind::Reproduce && !title.isEmpty())
        what = QStringLiteral("Report of the scenario \"%1\"").arg(title);
    QString made_ = made.isValid()
                        ? QStringLiteral("made ") +
                              made.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                        : QStringLiteral("made at an unknown time");
    if (made.isValid() && madeFromFileTime)
        made_ += QStringLiteral(" (report.json's file time)");
    if (outcome && !outcome->server.host.isEmpty())
        made_ += QStringLiteral(" against %1:%2, %3")
                     .arg(net::printable::text(outcome->server.host))
                     .arg(outcome->server.port)
                     .arg(net::securityName(outcome->server.security));
    return QStringLiteral("%1 opened from %2 (%3): read-only")
        .arg(what, QDir::toNativeSeparators(folder), made_);
}

} // namespace msim::scenario
