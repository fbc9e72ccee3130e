// SPDX-License-Identifier: MIT
#include "storage/migrations.h"

#include "core/logging.h"
#include "storage/database.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

const QList<Migration> &Migrations::all()
{
    // Times are BIGINT milliseconds since the epoch (UTC); booleans are INTEGER 0/1.
    static const QList<Migration> migrations = {
        { 1, u"tasks and runs"_s,
            {
                u"CREATE TABLE tasks ("
                "id {{ID}},"
                "name TEXT NOT NULL UNIQUE,"
                "command TEXT NOT NULL,"
                "working_dir TEXT NOT NULL DEFAULT '',"
                "trigger_type TEXT NOT NULL,"
                "trigger_config TEXT NOT NULL,"
                "timezone TEXT NOT NULL,"
                "enabled INTEGER NOT NULL DEFAULT 1,"
                "retries INTEGER NOT NULL DEFAULT 0,"
                "retry_interval_s INTEGER NOT NULL DEFAULT 60,"
                "timeout_s INTEGER NOT NULL DEFAULT 0,"
                "max_instances INTEGER NOT NULL DEFAULT 1,"
                "misfire_grace_s INTEGER NOT NULL DEFAULT 60,"
                "env TEXT NOT NULL DEFAULT '{}',"
                "next_fire_at BIGINT,"
                "created_at BIGINT NOT NULL,"
                "updated_at BIGINT NOT NULL)"_s,
                u"CREATE TABLE runs ("
                "id {{ID}},"
                "task_id BIGINT NOT NULL,"
                "group_id BIGINT,"
                "attempt INTEGER NOT NULL DEFAULT 1,"
                "state TEXT NOT NULL,"
                "reason TEXT NOT NULL,"
                "scheduled_at BIGINT NOT NULL,"
                "queued_at BIGINT,"
                "started_at BIGINT,"
                "finished_at BIGINT,"
                "exit_code INTEGER,"
                "signal INTEGER,"
                "pid BIGINT,"
                "pid_start_ticks BIGINT,"
                "log_path TEXT,"
                "log_bytes BIGINT NOT NULL DEFAULT 0,"
                "log_truncated INTEGER NOT NULL DEFAULT 0,"
                "error TEXT)"_s,
                u"CREATE INDEX runs_task_idx ON runs (task_id, id)"_s,
                u"CREATE INDEX runs_state_idx ON runs (state)"_s,
            } },
        { 2, u"resource peaks, samples, coalesced fires, settings, task links"_s,
            {
                u"ALTER TABLE runs ADD COLUMN cpu_peak_percent DOUBLE PRECISION"_s,
                u"ALTER TABLE runs ADD COLUMN rss_peak_bytes BIGINT"_s,
                u"ALTER TABLE runs ADD COLUMN cpu_seconds DOUBLE PRECISION"_s,
                u"ALTER TABLE runs ADD COLUMN fires INTEGER NOT NULL DEFAULT 1"_s,
                u"ALTER TABLE tasks ADD COLUMN project_id BIGINT"_s,
                u"ALTER TABLE tasks ADD COLUMN environment_id BIGINT"_s,
                u"CREATE TABLE run_samples ("
                "run_id BIGINT NOT NULL,"
                "at BIGINT NOT NULL,"
                "cpu_percent DOUBLE PRECISION NOT NULL,"
                "rss_bytes BIGINT NOT NULL)"_s,
                u"CREATE INDEX run_samples_run_idx ON run_samples (run_id, at)"_s,
                u"CREATE TABLE settings ("
                "key TEXT PRIMARY KEY,"
                "value TEXT NOT NULL,"
                "updated_at BIGINT NOT NULL)"_s,
            } },
        { 3, u"users, sessions, API tokens, audit trail"_s,
            {
                // username_key (the lower-cased name) makes "Alice" and "alice" one account on
                // both drivers without relying on a collation.
                u"CREATE TABLE users ("
                "id {{ID}},"
                "username TEXT NOT NULL UNIQUE,"
                "username_key TEXT NOT NULL UNIQUE,"
                "password_hash TEXT NOT NULL,"
                "role TEXT NOT NULL,"
                "disabled INTEGER NOT NULL DEFAULT 0,"
                "created_at BIGINT NOT NULL,"
                "updated_at BIGINT NOT NULL,"
                "last_login_at BIGINT)"_s,
                // Credentials die with their user; only SHA-256 hashes of the secrets are kept.
                u"CREATE TABLE sessions ("
                "id {{ID}},"
                "user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
                "token_hash TEXT NOT NULL UNIQUE,"
                "csrf_token TEXT NOT NULL,"
                "ip TEXT NOT NULL DEFAULT '',"
                "created_at BIGINT NOT NULL,"
                "last_seen_at BIGINT NOT NULL,"
                "expires_at BIGINT NOT NULL)"_s,
                u"CREATE INDEX sessions_user_idx ON sessions (user_id)"_s,
                u"CREATE INDEX sessions_expires_idx ON sessions (expires_at)"_s,
                u"CREATE TABLE api_tokens ("
                "id {{ID}},"
                "user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
                "name TEXT NOT NULL,"
                "token_hash TEXT NOT NULL UNIQUE,"
                "prefix TEXT NOT NULL,"
                "created_at BIGINT NOT NULL,"
                "last_used_at BIGINT,"
                "expires_at BIGINT)"_s,
                u"CREATE INDEX api_tokens_user_idx ON api_tokens (user_id)"_s,
                // No foreign key to users: the trail must outlive the accounts it mentions.
                u"CREATE TABLE audit_events ("
                "id {{ID}},"
                "at BIGINT NOT NULL,"
                "actor TEXT NOT NULL,"
                "actor_id BIGINT,"
                "ip TEXT NOT NULL DEFAULT '',"
                "action TEXT NOT NULL,"
                "target_type TEXT NOT NULL DEFAULT '',"
                "target_id TEXT NOT NULL DEFAULT '',"
                "outcome TEXT NOT NULL,"
                "details TEXT NOT NULL DEFAULT '{}')"_s,
                u"CREATE INDEX audit_events_at_idx ON audit_events (at, id)"_s,
                u"CREATE INDEX audit_events_actor_idx ON audit_events (actor, at)"_s,
                u"CREATE INDEX audit_events_action_idx ON audit_events (action, at)"_s,
                u"CREATE INDEX audit_events_ip_idx ON audit_events (ip, at)"_s,
                u"CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id, at)"_s,
            } },
        { 4, u"projects"_s,
            {
                u"CREATE TABLE projects ("
                "id {{ID}},"
                "name TEXT NOT NULL UNIQUE,"
                "description TEXT NOT NULL DEFAULT '',"
                "working_dir TEXT NOT NULL DEFAULT '',"
                "output_dir TEXT NOT NULL DEFAULT '',"
                "state TEXT NOT NULL,"
                "error TEXT NOT NULL DEFAULT '',"
                "files BIGINT NOT NULL DEFAULT 0,"
                "bytes BIGINT NOT NULL DEFAULT 0,"
                "top_level_dir TEXT NOT NULL DEFAULT '',"
                "created_at BIGINT NOT NULL,"
                "updated_at BIGINT NOT NULL)"_s,
                u"CREATE INDEX tasks_project_idx ON tasks (project_id)"_s,
            } },
        { 5, u"project revisions"_s,
            {
                u"ALTER TABLE projects ADD COLUMN revision INTEGER NOT NULL DEFAULT 1"_s,
            } },
        { 6, u"interpreters, environments, package operations, freezes"_s,
            {
                u"CREATE TABLE interpreters ("
                "id {{ID}},"
                "path TEXT NOT NULL UNIQUE,"
                "version TEXT NOT NULL,"
                "implementation TEXT NOT NULL,"
                "source TEXT NOT NULL,"
                "available INTEGER NOT NULL DEFAULT 1,"
                "has_venv INTEGER NOT NULL DEFAULT 0,"
                "created_at BIGINT NOT NULL,"
                "updated_at BIGINT NOT NULL)"_s,
                u"CREATE TABLE environments ("
                "id {{ID}},"
                "name TEXT NOT NULL UNIQUE,"
                "backend TEXT NOT NULL,"
                "interpreter_id BIGINT,"
                "python_version TEXT NOT NULL DEFAULT '',"
                "path TEXT NOT NULL,"
                "state TEXT NOT NULL,"
                "error TEXT NOT NULL DEFAULT '',"
                "freeze_hash TEXT NOT NULL DEFAULT '',"
                "packages INTEGER NOT NULL DEFAULT 0,"
                "created_at BIGINT NOT NULL,"
                "updated_at BIGINT NOT NULL)"_s,
                u"CREATE TABLE env_operations ("
                "id {{ID}},"
                "environment_id BIGINT NOT NULL,"
                "kind TEXT NOT NULL,"
                "packages TEXT NOT NULL DEFAULT '[]',"
                "requirements TEXT NOT NULL DEFAULT '',"
                "state TEXT NOT NULL,"
                "exit_code INTEGER,"
                "error TEXT NOT NULL DEFAULT '',"
                "actor TEXT NOT NULL DEFAULT '',"
                "queued_at BIGINT NOT NULL,"
                "started_at BIGINT,"
                "finished_at BIGINT)"_s,
                u"CREATE INDEX env_operations_environment_idx ON env_operations (environment_id, id)"_s,
                u"CREATE INDEX env_operations_state_idx ON env_operations (state)"_s,
                u"CREATE TABLE env_freezes ("
                "environment_id BIGINT NOT NULL,"
                "hash TEXT NOT NULL,"
                "text TEXT NOT NULL,"
                "created_at BIGINT NOT NULL,"
                "PRIMARY KEY (environment_id, hash))"_s,
                u"ALTER TABLE tasks ADD COLUMN interpreter_id BIGINT"_s,
                u"ALTER TABLE runs ADD COLUMN env_freeze_hash TEXT"_s,
                u"CREATE INDEX tasks_environment_idx ON tasks (environment_id)"_s,
            } },
        { 7, u"environment variables and secrets"_s,
            {
                u"CREATE TABLE env_vars ("
                "id {{ID}},"
                "name TEXT NOT NULL,"
                "value TEXT NOT NULL,"
                "secret INTEGER NOT NULL DEFAULT 0,"
                "scope TEXT NOT NULL,"
                "scope_id BIGINT NOT NULL DEFAULT 0,"
                "description TEXT NOT NULL DEFAULT '',"
                "created_at BIGINT NOT NULL,"
                "updated_at BIGINT NOT NULL,"
                "UNIQUE (name, scope, scope_id))"_s,
            } },
    };
    return migrations;
}

int Migrations::latestVersion()
{
    return all().constLast().version;
}

Migrations::Migrations(Database &database)
    : m_database(database)
{ }

bool Migrations::ensureBookkeeping()
{
    QSqlQuery query(m_database.connection());
    if (query.exec(u"CREATE TABLE IF NOT EXISTS schema_migrations ("
                   "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"_s))
        return true;
    m_error = u"cannot create schema_migrations: %1"_s.arg(query.lastError().text());
    return false;
}

int Migrations::currentVersion(bool *ok)
{
    QSqlQuery query(m_database.connection());
    *ok = query.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) && query.next();
    if (!*ok) {
        m_error = u"cannot read schema version: %1"_s.arg(query.lastError().text());
        return 0;
    }
    return query.value(0).toInt();
}

bool Migrations::apply(int targetVersion)
{
    if (!ensureBookkeeping())
        return false;
    bool ok = false;
    const int current = currentVersion(&ok);
    if (!ok)
        return false;
    if (current > latestVersion()) {
        m_error = u"the database has schema version %1, written by a newer Kumo; this Kumo knows versions "
                  "up to %2. Upgrade Kumo, or restore a backup made by this version."_s.arg(current)
                      .arg(latestVersion());
        return false;
    }
    QSqlDatabase db = m_database.connection();
    for (const Migration &migration : all()) {
        if (migration.version <= current)
            continue;
        if (targetVersion >= 0 && migration.version > targetVersion)
            break;
        if (!db.transaction()) {
            m_error = u"cannot begin migration %1: %2"_s.arg(migration.version).arg(db.lastError().text());
            return false;
        }
        for (const QString &statement : migration.statements) {
            QSqlQuery query(db);
            if (!query.exec(m_database.dialect().translateDdl(statement))) {
                m_error = u"migration %1 (%2) failed: %3"_s.arg(migration.version)
                              .arg(migration.name, query.lastError().text());
                db.rollback();
                return false;
            }
        }
        QSqlQuery record(db);
        record.prepare(u"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"_s);
        record.addBindValue(migration.version);
        record.addBindValue(migration.name);
        record.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!record.exec() || !db.commit()) {
            m_error
                = u"cannot record migration %1: %2"_s.arg(migration.version).arg(record.lastError().text());
            db.rollback();
            return false;
        }
        qCInfo(lcStorage) << "applied migration" << migration.version << migration.name;
    }
    return true;
}

} // namespace Kumo
