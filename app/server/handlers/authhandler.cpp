// SPDX-License-Identifier: MIT
#include "server/handlers/authhandler.h"

#include "core/timeformat.h"
#include "engine.h"
#include "server/apiserver.h"
#include "server/handlers/handlerutil.h"
#include "server/queryreader.h"

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

HttpResponse userFailure(const UserResult &result)
{
    switch (result.status) {
    case UserResult::Status::Invalid:
        return Problem::validation(result.errors);
    case UserResult::Status::NotFound:
        return Problem::notFound(result.message);
    case UserResult::Status::Conflict:
        return Problem::conflict(result.message);
    default:
        return storageFailure(result.message);
    }
}

QByteArray sessionCookie(const QString &token, qint64 maxAgeSeconds)
{
    return QByteArray(kSessionCookie) + '=' + token.toLatin1()
        + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + QByteArray::number(maxAgeSeconds);
}

/// The field names of a JSON body, for audit details (never the values: they may be secrets).
QJsonArray fieldNames(const QJsonObject &body)
{
    return QJsonArray::fromStringList(body.keys());
}

HttpResponse loginResponse(const LoginResult &result, AuditEvent &audit)
{
    switch (result.status) {
    case LoginResult::Status::Ok: {
        audit.actorId = result.user->id;
        audit.targetId = QString::number(result.session->session.id);
        const Session &session = result.session->session;
        HttpResponse response = HttpResponse::json(QJsonObject {
            { u"csrfToken"_s, session.csrfToken },
            { u"user"_s, result.user->toJson() },
            { u"expiresAt"_s, toRfc3339(session.expiresAt) },
        });
        response.setHeader("Set-Cookie",
            sessionCookie(result.session->token, (session.expiresAt - session.createdAt) / 1000));
        return response;
    }
    case LoginResult::Status::Throttled: {
        const qint64 seconds = (result.retryAfterMs + 999) / 1000;
        // Not an attempt: no password was checked. Recording each would let anyone fill the
        // audit trail at the speed of the network.
        audit.action.clear();
        HttpResponse response
            = Problem::make(429, u"too many sign-in attempts; try again in %1 s"_s.arg(seconds));
        response.setHeader("Retry-After", QByteArray::number(seconds));
        return response;
    }
    case LoginResult::Status::InvalidCredentials:
        return Problem::make(401, u"wrong username or password"_s);
    case LoginResult::Status::Error:
        break;
    }
    return storageFailure(result.message);
}

} // namespace

HttpResponse AuthHandler::login(RequestContext &context)
{
    const QJsonValue username = context.body.value(u"username"_s);
    const QJsonValue password = context.body.value(u"password"_s);
    FieldErrors errors;
    if (!username.isString() || username.toString().isEmpty() || username.toString().size() > 64)
        errors.append({ u"username"_s, u"is required (at most 64 characters)"_s });
    if (!password.isString() || password.toString().isEmpty() || password.toString().size() > 1024)
        errors.append({ u"password"_s, u"is required (at most 1024 characters)"_s });
    context.audit.actor = username.toString().left(64);
    context.audit.targetType = u"session"_s;
    if (!errors.isEmpty())
        return Problem::validation(errors);

    // The password hash runs on a worker thread; the answer follows when it is done.
    std::shared_ptr<DeferredReply> reply = context.defer();
    m_engine.auth().loginAsync(username.toString(), password.toString(), context.request.peerIp(), m_context,
        [reply](const LoginResult &result) { reply->send(loginResponse(result, reply->audit())); });
    return {};
}

HttpResponse AuthHandler::logout(RequestContext &context)
{
    context.audit.targetType = u"session"_s;
    context.audit.targetId = QString::number(context.principal->credentialId);
    if (context.principal->via == Principal::Via::Session)
        m_engine.auth().logout(*context.principal);
    HttpResponse response = HttpResponse::noContent();
    response.setHeader("Set-Cookie", sessionCookie(QString(), 0));
    return response;
}

HttpResponse AuthHandler::me(RequestContext &context)
{
    const Principal &principal = *context.principal;
    QJsonObject body {
        { u"user"_s, principal.user.toJson() },
        { u"via"_s, principal.via == Principal::Via::Session ? u"session"_s : u"token"_s },
    };
    // The dashboard keeps its CSRF token in memory; after a reload it gets it back here
    // (other origins cannot read this answer).
    if (principal.via == Principal::Via::Session)
        body.insert(u"csrfToken"_s, principal.csrfToken);
    return HttpResponse::json(body);
}

HttpResponse AuthHandler::changePassword(RequestContext &context)
{
    const User &user = context.principal->user;
    context.audit.targetType = u"user"_s;
    context.audit.targetId = QString::number(user.id);
    const QJsonValue current = context.body.value(u"currentPassword"_s);
    const QJsonValue next = context.body.value(u"newPassword"_s);
    if (!current.isString() || !next.isString())
        return Problem::validation(
            { { u"currentPassword"_s, u"currentPassword and newPassword are required"_s } });
    // A stolen token must not become a way to guess the password: same throttle as sign-in.
    LoginThrottle &throttle = m_engine.auth().throttle();
    const QString ip = context.request.peerIp();
    if (const qint64 wait = throttle.retryAfterMs(ip, user.username); wait > 0) {
        HttpResponse response
            = Problem::make(429, u"too many wrong passwords; try again in %1 s"_s.arg((wait + 999) / 1000));
        response.setHeader("Retry-After", QByteArray::number((wait + 999) / 1000));
        return response;
    }
    if (!m_engine.auth().users().verifyPassword(user.username, current.toString())) {
        throttle.recordFailure(ip, user.username);
        return Problem::validation({ { u"currentPassword"_s, u"is wrong"_s } }, 422);
    }
    const UserResult result
        = m_engine.auth().users().update(user.id, QJsonObject { { u"password"_s, next } });
    if (!result.ok()) {
        UserResult renamed = result;
        for (FieldError &error : renamed.errors) {
            if (error.field == u"password")
                error.field = u"newPassword"_s;
        }
        return userFailure(renamed);
    }
    return HttpResponse::noContent();
}

HttpResponse AuthHandler::listTokens(RequestContext &context)
{
    QueryReader reader(context.request.query);
    const bool all = reader.flag(u"all"_s).value_or(false);
    if (!reader.ok())
        return Problem::validation(reader.errors(), 400);
    const User &user = context.principal->user;
    if (all && user.role != Role::Admin)
        return Problem::make(403, u"only admins may list everyone's tokens"_s);
    QJsonArray items;
    const QList<ApiToken> tokens = m_engine.auth().tokens().list(all ? std::nullopt : std::optional(user.id));
    for (const ApiToken &token : tokens)
        items.append(token.toJson());
    return pageResponse(items, items.size(), int(items.size()), 0);
}

HttpResponse AuthHandler::createToken(RequestContext &context)
{
    QString secret;
    FieldErrors errors;
    const std::optional<ApiToken> token
        = m_engine.auth().tokens().create(context.principal->user.id, context.body, &secret, &errors);
    context.audit.details.insert(u"name"_s, context.body.value(u"name"_s).toString().left(100));
    if (!token) {
        if (!errors.isEmpty())
            return Problem::validation(errors);
        return storageFailure(m_engine.auth().tokens().errorString());
    }
    context.audit.targetId = QString::number(token->id);
    QJsonObject body = token->toJson();
    body.insert(u"token"_s, secret); // shown once; only its hash is kept
    return HttpResponse::json(body, 201);
}

HttpResponse AuthHandler::revokeToken(RequestContext &context)
{
    const std::optional<ApiToken> token = m_engine.auth().tokens().get(context.id());
    const User &user = context.principal->user;
    // Someone else's token reads as missing to non-admins: its existence is not their business.
    if (!token || (token->userId != user.id && user.role != Role::Admin))
        return Problem::notFound(u"token %1 does not exist"_s.arg(context.id()));
    if (!m_engine.auth().tokens().revoke(token->id))
        return storageFailure(m_engine.auth().tokens().errorString());
    return HttpResponse::noContent();
}

HttpResponse UserHandler::list(RequestContext &)
{
    QJsonArray items;
    for (const User &user : m_engine.auth().users().list())
        items.append(user.toJson());
    return pageResponse(items, items.size(), int(items.size()), 0);
}

HttpResponse UserHandler::create(RequestContext &context)
{
    const UserResult result = m_engine.auth().users().create(context.body);
    context.audit.details.insert(u"username"_s, context.body.value(u"username"_s).toString().left(64));
    context.audit.details.insert(u"role"_s, context.body.value(u"role"_s).toString().left(20));
    if (!result.ok())
        return userFailure(result);
    context.audit.targetId = QString::number(result.user->id);
    HttpResponse response = HttpResponse::json(result.user->toJson(), 201);
    response.setHeader("Location", "/api/users/" + QByteArray::number(result.user->id));
    return response;
}

HttpResponse UserHandler::get(RequestContext &context)
{
    const std::optional<User> user = m_engine.auth().users().get(context.id());
    if (!user)
        return Problem::notFound(u"user %1 does not exist"_s.arg(context.id()));
    return HttpResponse::json(user->toJson());
}

HttpResponse UserHandler::update(RequestContext &context)
{
    context.audit.details.insert(u"fields"_s, fieldNames(context.body));
    const UserResult result = m_engine.auth().users().update(context.id(), context.body);
    if (!result.ok())
        return userFailure(result);
    return HttpResponse::json(result.user->toJson());
}

HttpResponse UserHandler::remove(RequestContext &context)
{
    const UserResult result = m_engine.auth().users().remove(context.id());
    if (!result.ok())
        return userFailure(result);
    return HttpResponse::noContent();
}

} // namespace Kumo
