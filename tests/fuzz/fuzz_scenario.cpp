// SPDX-License-Identifier: MIT
// libFuzzer target: the scenario reader. Any input either fails with an error that names a JSON
// path, or gives a Scenario whose toJson() reads back to the same scenario.
#include "scenario/Scenario.h"

#include <QJsonDocument>

#include <cstdlib>

using msim::scenario::Scenario;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(bytes), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    QString error;
    const auto s = Scenario::fromJson(doc.object(), QStringLiteral("/fuzz/s.json"), &error);
    if (!s) {
        if (!error.startsWith(QLatin1Char('$')))
            std::abort(); // every refusal names where
        return 0;
    }
    const QJsonObject once = s->toJson();
    QString again;
    const auto s2 = Scenario::fromJson(once, QStringLiteral("/fuzz/s.json"), &again);
    if (!s2 || s2->toJson() != once)
        std::abort(); // what the writer writes, the reader reads back the same
    return 0;
}
