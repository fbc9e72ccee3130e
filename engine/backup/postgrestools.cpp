// SPDX-License-Identifier: MIT
#include "backup/postgrestools.h"

#include <QDir>
#include <QProcess>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
constexpr int kToolTimeoutMs = 60 * 60 * 1000;
}

PostgresTools::PostgresTools(const QString &url)
    : m_environment(QProcessEnvironment::systemEnvironment())
{
    const QUrl parsed(url);
    m_environment.insert(u"PGHOST"_s, parsed.host());
    m_environment.insert(u"PGPORT"_s, QString::number(parsed.port(5432)));
    m_environment.insert(u"PGUSER"_s, parsed.userName());
    m_environment.insert(u"PGDATABASE"_s, parsed.path().mid(1));
    if (!parsed.password().isEmpty())
        m_environment.insert(u"PGPASSWORD"_s, parsed.password());
    else
        m_environment.remove(u"PGPASSWORD"_s);
}

bool PostgresTools::run(const QString &program, const QStringList &arguments, QString *error) const
{
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.start(program, arguments);
    if (!process.waitForStarted(30'000)) {
        *error
            = u"cannot run %1: %2 (install PostgreSQL's client tools)"_s.arg(program, process.errorString());
        return false;
    }
    if (!process.waitForFinished(kToolTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        *error = u"%1 did not finish within an hour"_s.arg(program);
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = u"%1 failed: %2"_s.arg(
            program, QString::fromLocal8Bit(process.readAllStandardError()).trimmed().left(2000));
        return false;
    }
    return true;
}

bool PostgresTools::dump(const QString &file, QString *error) const
{
    return run(u"pg_dump"_s, { u"--format=custom"_s, u"--no-owner"_s, u"--file"_s, file }, error);
}

bool PostgresTools::check(const QString &file, QString *error) const
{
    return run(u"pg_restore"_s, { u"--list"_s, file }, error);
}

bool PostgresTools::restore(const QString &file, const QString &workDir, QString *error) const
{
    const QString sql = QDir(workDir).filePath(u"restore.sql"_s);
    if (!run(u"pg_restore"_s, { u"--no-owner"_s, u"--no-privileges"_s, u"--file"_s, sql, file }, error))
        return false;
    // Everything of the schema goes first (tables a newer Kumo made would stay otherwise), and
    // the whole of it is one transaction.
    return run(u"psql"_s,
        { u"--no-psqlrc"_s, u"--quiet"_s, u"--single-transaction"_s, u"--set=ON_ERROR_STOP=1"_s,
            u"--command"_s, u"DROP SCHEMA public CASCADE; CREATE SCHEMA public;"_s, u"--file"_s, sql },
        error);
}

} // namespace Kumo
