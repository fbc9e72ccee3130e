// SPDX-License-Identifier: MIT
#include "storage/sqldialect.h"

using namespace Qt::StringLiterals;

namespace Kumo {

SqlDialect SqlDialect::forDriver(const QString &qtDriverName)
{
    return SqlDialect(qtDriverName == u"QPSQL"_s ? Kind::PostgreSql : Kind::Sqlite);
}

QStringList SqlDialect::connectionSetup() const
{
    if (m_kind == Kind::PostgreSql)
        return {};
    // WAL lets readers work beside the writer; NORMAL sync is durable across process crashes
    // in WAL mode (only an OS crash can lose the last commits).
    return {
        u"PRAGMA journal_mode=WAL"_s,
        u"PRAGMA synchronous=NORMAL"_s,
        u"PRAGMA busy_timeout=5000"_s,
        u"PRAGMA foreign_keys=ON"_s,
    };
}

QString SqlDialect::translateDdl(const QString &ddl) const
{
    QString out = ddl;
    out.replace(u"{{ID}}"_s,
        m_kind == Kind::PostgreSql ? u"BIGSERIAL PRIMARY KEY"_s : u"INTEGER PRIMARY KEY AUTOINCREMENT"_s);
    return out;
}

} // namespace Kumo
