// SPDX-License-Identifier: MIT
#include "prefs/PrefsJsReadResult.h"

#include "net/NameTable.h"

namespace msim::prefs {

namespace {

using Function = PrefsJsStatement::Function;
constexpr auto kFunctionNames =
    net::nameTable<Function>({{Function::UserPref, "user_pref"},
                              {Function::Pref, "pref"},
                              {Function::LockPref, "lockPref"},
                              {Function::StickyPref, "sticky_pref"},
                              {Function::DefaultPref, "defaultPref"},
                              {Function::LocalDefPref, "localDefPref"}});

} // namespace

QString PrefsJsStatement::functionName(Function function)
{
    return kFunctionNames.name(function);
}

std::optional<Function> PrefsJsStatement::parseFunction(QByteArrayView word)
{
    return kFunctionNames.parse(word);
}

QString PrefsJsStatement::key() const
{
    return functionName(function) + u' ' + name;
}

int PrefsJsStatement::rank() const
{
    if (function == Function::LockPref || locked)
        return 2;
    return function == Function::UserPref ? 1 : 0;
}

} // namespace msim::prefs
