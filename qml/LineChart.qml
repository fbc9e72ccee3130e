// A line chart of values over time with labelled axes, drawn on a Canvas (no Qt Charts: it
// needs widgets). The value axis has three grid lines (0, half, top); the time axis names the
// first, middle and last sample's clock time.
import QtQuick
import QtQuick.Controls

Canvas {
    id: chart
    /// [{at: ms, value: number}], oldest first.
    property var points: []
    property real maximum: 0 // 0: the largest value
    property color lineColor: "#2563eb"
    property string label: ""
    /// "bytes" writes the value axis in KiB, MiB or GiB; anything else is appended to the number.
    property string unit: ""
    /// How a value is written on the value axis.
    property var formatValue: value => unit === "bytes" ? bytes(value) : Number(value).toFixed(0) + unit
    readonly property int leftMargin: 44
    readonly property int bottomMargin: 16
    implicitHeight: 140
    onPointsChanged: requestPaint()
    onWidthChanged: requestPaint()
    onHeightChanged: requestPaint()
    onMaximumChanged: requestPaint()

    function bytes(value) {
        const units = ["B", "KiB", "MiB", "GiB", "TiB"]
        let index = 0
        while (value >= 1024 && index < units.length - 1) {
            value /= 1024
            ++index
        }
        return (value >= 10 || index === 0 ? value.toFixed(0) : value.toFixed(1)) + " " + units[index]
    }

    function timeLabel(at, span) {
        return Qt.formatTime(new Date(at), span < 5 * 60 * 1000 ? "HH:mm:ss" : "HH:mm")
    }

    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        const count = points.length
        if (count < 2)
            return
        let top = maximum
        if (top <= 0)
            for (const p of points) top = Math.max(top, p.value)
        if (top <= 0)
            top = 1
        const left = leftMargin, right = width - 2, bottom = height - bottomMargin, upper = 14
        const first = points[0].at, span = Math.max(1, points[count - 1].at - first)
        const x = p => left + (p.at - first) / span * (right - left)
        const y = value => bottom - value / top * (bottom - upper)

        ctx.font = "10px sans-serif"
        ctx.lineWidth = 1
        ctx.strokeStyle = Qt.rgba(colours.text.r, colours.text.g, colours.text.b, 0.15)
        ctx.fillStyle = Qt.rgba(colours.text.r, colours.text.g, colours.text.b, 0.65)
        ctx.textAlign = "right"
        ctx.textBaseline = "middle"
        for (const share of [0, 0.5, 1]) {
            const level = Math.round(y(top * share)) + 0.5
            ctx.beginPath()
            ctx.moveTo(left, level)
            ctx.lineTo(right, level)
            ctx.stroke()
            ctx.fillText(formatValue(top * share), left - 4, level)
        }
        ctx.textBaseline = "bottom"
        const ticks = [[points[0].at, "left"], [first + span / 2, "center"], [points[count - 1].at, "right"]]
        for (const [at, align] of ticks) {
            ctx.textAlign = align
            ctx.fillText(timeLabel(at, span), x({ at: at }), height)
        }

        ctx.beginPath()
        ctx.moveTo(x(points[0]), y(points[0].value))
        for (let i = 1; i < count; ++i)
            ctx.lineTo(x(points[i]), y(points[i].value))
        ctx.strokeStyle = lineColor
        ctx.lineWidth = 1.5
        ctx.stroke()
        ctx.lineTo(x(points[count - 1]), bottom)
        ctx.lineTo(x(points[0]), bottom)
        ctx.closePath()
        ctx.fillStyle = Qt.rgba(lineColor.r, lineColor.g, lineColor.b, 0.15)
        ctx.fill()
    }

    SystemPalette {
        id: colours
    }

    Label {
        anchors.left: parent.left
        anchors.leftMargin: chart.leftMargin
        anchors.top: parent.top
        text: chart.label
        opacity: 0.7
        font.pixelSize: 11
    }
}
