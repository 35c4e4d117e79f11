// SPDX-License-Identifier: MIT
#include "net/Version.h"

#include "net/TlsContext.h"

#include <QtGlobal>

namespace msim::net {

using namespace Qt::StringLiterals;

QString msimVersion()
{
    return QStringLiteral(MSIM_VERSION);
}

QString versionLine(const QString &program)
{
    const QString qt = QString::fromLatin1(qVersion());
    QString qtText = u"Qt "_s + qt;
    if (qt != QLatin1String(QT_VERSION_STR))
        qtText += u", built with Qt "_s + QLatin1String(QT_VERSION_STR);
    return program + u' ' + msimVersion() + u" ("_s + qtText + u", "_s +
           TlsContext::libraryVersion() + u')';
}

} // namespace msim::net
