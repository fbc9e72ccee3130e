// SPDX-License-Identifier: MIT
#include "cronverb.h"

#include "core/timeformat.h"
#include "scheduling/cronexpression.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QDateTime>
#include <QTextStream>
#include <QTimeZone>

#include <optional>

using namespace Qt::StringLiterals;

namespace Kumo::Cli {

namespace {

constexpr int kUsageError = 2;
constexpr int kMaxCount = 1000;

QString usage()
{
    return u"Usage: kumo cron next EXPR [--tz ZONE] [-n N] [--from RFC3339]\n"
           "\n"
           "Prints the next N fire times of the cron expression EXPR, one RFC 3339 UTC instant per line.\n"
           "\n"
           "  EXPR             5 fields (min hour dom month dow) or 6 (leading seconds), or a macro\n"
           "                   such as @daily; quote it, e.g. \"*/15 9-17 * * MON-FRI\"\n"
           "  --tz ZONE        IANA time zone the expression is matched in (default: the system zone)\n"
           "  -n N             how many fire times to print, 1-1000 (default: 5)\n"
           "  --from RFC3339   list fire times strictly after this instant, with its offset,\n"
           "                   e.g. 2026-03-08T00:00:00-05:00 (default: now)\n"
           "\n"
           "Exit status: 0 when N times were printed, 1 when the expression stops firing within the\n"
           "next 50 years before N, 2 for an invalid expression or option.\n"_s;
}

} // namespace

int runCronVerb(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    const QCommandLineOption zoneOption(u"tz"_s, u"IANA time zone"_s, u"zone"_s);
    const QCommandLineOption countOption(u"n"_s, u"number of fire times"_s, u"N"_s, u"5"_s);
    const QCommandLineOption fromOption(u"from"_s, u"start instant (RFC 3339)"_s, u"instant"_s);
    const QCommandLineOption helpOption({ u"h"_s, u"help"_s }, u"show usage"_s);
    parser.addOptions({ zoneOption, countOption, fromOption, helpOption });
    parser.addPositionalArgument(u"next"_s, u"sub-verb"_s);
    parser.addPositionalArgument(u"expression"_s, u"cron expression"_s);

    // QCommandLineParser expects the program name first.
    if (!parser.parse(QStringList { u"kumo cron"_s } + args)) {
        err << u"kumo cron: "_s << parser.errorText() << u"\n\n"_s << usage();
        return kUsageError;
    }
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(helpOption) || positional.isEmpty()) {
        err << usage();
        return kUsageError;
    }
    if (positional.first() != "next"_L1) {
        err << u"kumo cron: unknown sub-verb \""_s << positional.first() << u"\"\n\n"_s << usage();
        return kUsageError;
    }
    // Unquoted fields arrive as separate arguments; take them as one expression.
    const QString expressionText = positional.mid(1).join(u' ');
    if (expressionText.trimmed().isEmpty()) {
        err << u"kumo cron: missing cron expression\n\n"_s << usage();
        return kUsageError;
    }

    const CronExpression::ParseResult parsed = CronExpression::parse(expressionText);
    if (!parsed.ok()) {
        err << u"kumo cron: invalid expression \""_s << expressionText << u"\": "_s << parsed.error << u'\n';
        return kUsageError;
    }

    QTimeZone zone = QTimeZone::systemTimeZone();
    if (parser.isSet(zoneOption)) {
        const QString zoneId = parser.value(zoneOption);
        zone = QTimeZone(zoneId.toUtf8());
        if (!zone.isValid()) {
            err << u"kumo cron: unknown time zone \""_s << zoneId << u"\"\n"_s;
            return kUsageError;
        }
    }

    bool countOk = false;
    const int count = parser.value(countOption).toInt(&countOk);
    if (!countOk || count < 1 || count > kMaxCount) {
        err << u"kumo cron: -n must be a whole number from 1 to %1, got \"%2\"\n"_s.arg(kMaxCount).arg(
            parser.value(countOption));
        return kUsageError;
    }

    QDateTime cursor = QDateTime::currentDateTimeUtc();
    if (parser.isSet(fromOption)) {
        const std::optional<qint64> from = parseRfc3339(parser.value(fromOption));
        if (!from) {
            err << u"kumo cron: --from needs an RFC 3339 instant with an offset, e.g. "
                   "2026-03-08T00:00:00-05:00 or 2026-03-08T05:00:00Z, got \""_s
                << parser.value(fromOption) << u"\"\n"_s;
            return kUsageError;
        }
        cursor = QDateTime::fromMSecsSinceEpoch(*from, QTimeZone::utc());
    }

    for (int printed = 0; printed < count; ++printed) {
        const QDateTime next = parsed.expression->nextFireAfter(cursor, zone);
        if (!next.isValid()) {
            out.flush();
            err << u"kumo cron: \""_s << expressionText << u"\" does not fire again within 50 years after "_s
                << cursor.toUTC().toString(Qt::ISODate) << u'\n';
            return 1;
        }
        out << next.toUTC().toString(Qt::ISODate) << u'\n';
        cursor = next;
    }
    return 0;
}

} // namespace Kumo::Cli
