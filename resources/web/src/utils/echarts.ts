// ECharts, only the parts the dashboard draws, loaded when a chart first appears.
import * as echarts from 'echarts/core'
import { LineChart, GaugeChart, BarChart, PieChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, GaugeChart, BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent, CanvasRenderer])

export { echarts }
