// A small line chart of values over time, drawn on a Canvas (no Qt Charts: it needs widgets).
import QtQuick
import QtQuick.Controls

Canvas {
    id: chart
    /// [{at: ms, value: number}], oldest first.
    property var points: []
    property real maximum: 0 // 0: the largest value
    property color lineColor: "#2563eb"
    property string label: ""
    implicitHeight: 140
    onPointsChanged: requestPaint()
    onWidthChanged: requestPaint()
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
        const first = points[0].at, span = Math.max(1, points[count - 1].at - first)
        const x = p => (p.at - first) / span * (width - 2) + 1
        const y = p => height - 2 - p.value / top * (height - 4)
        ctx.beginPath()
        ctx.moveTo(x(points[0]), y(points[0]))
        for (let i = 1; i < count; ++i)
            ctx.lineTo(x(points[i]), y(points[i]))
        ctx.strokeStyle = lineColor
        ctx.lineWidth = 1.5
        ctx.stroke()
        ctx.lineTo(x(points[count - 1]), height)
        ctx.lineTo(x(points[0]), height)
        ctx.closePath()
        ctx.fillStyle = Qt.rgba(lineColor.r, lineColor.g, lineColor.b, 0.15)
        ctx.fill()
    }

    Label {
        anchors.left: parent.left
        anchors.top: parent.top
        text: chart.label
        opacity: 0.7
        font.pixelSize: 11
    }
}
