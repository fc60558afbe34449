// The charts' legends, as HTML under each chart (never over the curves), each entry drawn the way
// its series is: a line with the series' dash, or the marker that the points are drawn with.

const SVG = 'http://www.w3.org/2000/svg';

export type LegendSample =
  | { line: string; dash?: number[] }
  | { marker: string };

export interface LegendEntry {
  text: string;
  sample: LegendSample;
}

function sampleSvg(sample: LegendSample): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  if ('line' in sample) {
    const line = document.createElementNS(SVG, 'line');
    Object.entries({ x1: '1', y1: '5', x2: '27', y2: '5', stroke: sample.line, 'stroke-width': '2.5' }).forEach(([k, v]) => line.setAttribute(k, v));
    if (sample.dash?.length) line.setAttribute('stroke-dasharray', sample.dash.join(' '));
    svg.append(line);
    svg.dataset.sample = sample.dash?.length ? 'dashed-line' : 'line';
  } else {
    // uPlot draws points as discs
    const dot = document.createElementNS(SVG, 'circle');
    Object.entries({ cx: '14', cy: '5', r: '3.5', fill: sample.marker }).forEach(([k, v]) => dot.setAttribute(k, v));
    svg.append(dot);
    svg.dataset.sample = 'marker';
  }
  return svg;
}

/** Replaces the list's entries. */
export function renderLegend(list: HTMLElement, entries: LegendEntry[]): void {
  list.replaceChildren(...entries.map((e) => {
    const item = document.createElement('li');
    item.append(sampleSvg(e.sample), document.createTextNode(e.text));
    return item;
  }));
}
