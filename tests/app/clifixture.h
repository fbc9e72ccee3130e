// SPDX-License-Identifier: MIT
#pragma once

// The `kumo` client verbs driven as a user would: the real `kumo` binary against a real
// `kumo serve` on a free port, each in its own process.

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace KumoTest {

inline constexpr char kCliAdminPassword[] = "cli-test-password-1";
inline constexpr int kProcessTimeoutMs = 20000;

/// A `kumo serve` child process on a data directory, with a known admin password.
class ServeProcess
{
public:
    /// @p extraEnv: NAME=VALUE pairs added to the server's environment.
    explicit ServeProcess(
        const QString &dataDir, const QStringList &extraArgs = {}, const QStringList &extraEnv = {})
    {
        m_process.setProgram(QStringLiteral(KUMO_BINARY));
        m_process.setArguments(QStringList { QStringLiteral("serve"), QStringLiteral("--data-dir"), dataDir,
                                   QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }
            + extraArgs);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("kumo.*.info=false"));
        env.insert(QStringLiteral("KUMO_ADMIN_PASSWORD"), QString::fromLatin1(kCliAdminPassword));
        for (const QString &pair : extraEnv)
            env.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
        m_process.setProcessEnvironment(env);
        m_process.start();
    }
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
    }
    ServeProcess(const ServeProcess &) = delete;
    ServeProcess &operator=(const ServeProcess &) = delete;

    /// Waits for the "Listening on" line and returns the server's URL (empty on failure).
    QString waitForUrl()
    {
        static const QRegularExpression listening(
            QStringLiteral("Listening on (http://127\\.0\\.0\\.1:\\d+)"));
        QElapsedTimer timer;
        timer.start();
        QByteArray output;
        while (timer.elapsed() < 10000) {
            output += m_process.readAllStandardOutput();
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(output));
            if (match.hasMatch())
                return match.captured(1);
            if (!m_process.waitForReadyRead(200) && m_process.state() == QProcess::NotRunning)
                return {};
        }
        return {};
    }

private:
    QProcess m_process;
};

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    [[nodiscard]] QString outText() const { return QString::fromUtf8(out); }
    [[nodiscard]] QString errText() const { return QString::fromUtf8(err); }
    /// For QVERIFY2 messages.
    [[nodiscard]] QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + "\nstdout: " + out + "\nstderr: " + err;
    }
};

/// Runs `kumo` client verbs with a stored login at configPath (KUMO_CONFIG) and no KUMO_URL or
/// KUMO_TOKEN from the test's own environment.
struct CliRunner
{
    QString configPath;
    QString workingDirectory; // empty: the test's

    [[nodiscard]] QProcessEnvironment environment(const QStringList &extra = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("KUMO_URL"));
        env.remove(QStringLiteral("KUMO_TOKEN"));
        env.insert(QStringLiteral("KUMO_CONFIG"), configPath);
        for (const QString &pair : extra)
            env.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
        return env;
    }

    /// `kumo ARGS` with @p input on stdin and @p extraEnv (NAME=VALUE) added.
    CliResult run(
        const QStringList &args, const QByteArray &input = {}, const QStringList &extraEnv = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(environment(extraEnv));
        if (!workingDirectory.isEmpty())
            process.setWorkingDirectory(workingDirectory);
        process.start(QStringLiteral(KUMO_BINARY), args);
        CliResult result;
        if (!process.waitForStarted(kProcessTimeoutMs))
            return result;
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(kProcessTimeoutMs)) {
            process.kill();
            process.waitForFinished();
            result.err = "timed out: " + args.join(u' ').toUtf8();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    /// `kumo login URL` as admin with --password-stdin, storing the login at @p config
    /// (default configPath).
    CliResult login(
        const QString &url, const QString &config = {}, const QByteArray &password = kCliAdminPassword) const
    {
        return run({ QStringLiteral("login"), url, QStringLiteral("--username"), QStringLiteral("admin"),
                       QStringLiteral("--password-stdin") },
            password + '\n', { QStringLiteral("KUMO_CONFIG=") + (config.isEmpty() ? configPath : config) });
    }
};

/// `kumo serve` on DIR/data with a client signed in to it as admin (login kept in DIR/cli.json).
struct ServedClient
{
    std::unique_ptr<ServeProcess> server;
    CliRunner cli;

    /// Starts the server (with @p extraEnv, NAME=VALUE) and signs in; why not, or empty.
    QString start(const QString &dir, const QStringList &extraEnv = {})
    {
        server = std::make_unique<ServeProcess>(
            QDir(dir).filePath(QStringLiteral("data")), QStringList {}, extraEnv);
        const QString url = server->waitForUrl();
        if (url.isEmpty())
            return QStringLiteral("kumo serve did not start");
        cli.configPath = QDir(dir).filePath(QStringLiteral("cli.json"));
        const CliResult login = cli.login(url);
        return login.exitCode == 0 ? QString() : QString::fromUtf8(login.describe());
    }
};

} // namespace KumoTest
