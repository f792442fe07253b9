import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../sim/activations';
import { activationColor, activationLabel, seriesColors } from './palette';

/** sRGB → CIE L*a*b* (D65), written out independently of the palette's own conversion. */
function lab(hex: string): [number, number, number] {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  const xyz = [
    (0.4124564 * c[0] + 0.3575761 * c[1] + 0.1804375 * c[2]) / 0.95047,
    0.2126729 * c[0] + 0.7151522 * c[1] + 0.072175 * c[2],
    (0.0193339 * c[0] + 0.119192 * c[1] + 0.9503041 * c[2]) / 1.08883,
  ].map((t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116));
  return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
}

/** CIEDE2000 colour difference (Sharma, Wu & Dalal 2005): about 1 is just noticeable, 10 clearly different. */
function ciede2000(x: string, y: string): number {
  const [L1, a1, b1] = lab(x);
  const [L2, a2, b2] = lab(y);
  const rad = Math.PI / 180;
  const C = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(C ** 7 / (C ** 7 + 25 ** 7)));
  const [ap1, ap2] = [(1 + G) * a1, (1 + G) * a2];
  const [C1, C2] = [Math.hypot(ap1, b1), Math.hypot(ap2, b2)];
  const hue = (b: number, a: number): number => ((Math.atan2(b, a) / rad) + 360) % 360;
  const [h1, h2] = [hue(b1, ap1), hue(b2, ap2)];
  let dh = h2 - h1;
  if (C1 * C2 === 0) dh = 0;
  else if (dh > 180) dh -= 360;
  else if (dh < -180) dh += 360;
  const dL = L2 - L1;
  const dC = C2 - C1;
  const dH = 2 * Math.sqrt(C1 * C2) * Math.sin((dh / 2) * rad);
  const L = (L1 + L2) / 2;
  const Cp = (C1 + C2) / 2;
  let H = h1 + h2;
  if (C1 * C2 !== 0) H = Math.abs(h1 - h2) > 180 ? (H + (H < 360 ? 360 : -360)) / 2 : H / 2;
  const T = 1 - 0.17 * Math.cos((H - 30) * rad) + 0.24 * Math.cos(2 * H * rad) + 0.32 * Math.cos((3 * H + 6) * rad) - 0.2 * Math.cos((4 * H - 63) * rad);
  const SL = 1 + (0.015 * (L - 50) ** 2) / Math.sqrt(20 + (L - 50) ** 2);
  const SC = 1 + 0.045 * Cp;
  const SH = 1 + 0.015 * Cp * T;
  const RT = -2 * Math.sqrt(Cp ** 7 / (Cp ** 7 + 25 ** 7)) * Math.sin(60 * Math.exp(-(((H - 275) / 25) ** 2)) * rad);
  return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH));
}

/** WCAG contrast ratio of two colours. */
function contrast(x: string, y: string): number {
  const lum = (hex: string): number => {
    const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p);
  return (a + 0.05) / (b + 0.05);
}

describe('palette', () => {
  it('every activation has its own colour, clearly apart from every other (CIEDE2000 ≥ 19) and readable on both backgrounds', () => {
    const colors = ACTIVATIONS.map((a) => activationColor(a.name));
    expect(new Set(colors).size).toBe(ACTIVATIONS.length);
    for (let i = 0; i < colors.length; i++) {
      for (let j = i + 1; j < colors.length; j++) {
        expect(ciede2000(colors[i], colors[j]), `${ACTIVATIONS[i].name} vs ${ACTIVATIONS[j].name}`).toBeGreaterThanOrEqual(19);
      }
      // The light surface (#ffffff) and the dark one (#171b21) of page.css.
      expect(contrast(colors[i], '#ffffff'), ACTIVATIONS[i].name).toBeGreaterThanOrEqual(2.5);
      expect(contrast(colors[i], '#171b21'), ACTIVATIONS[i].name).toBeGreaterThanOrEqual(2.5);
    }
  });

  it('repeats of an activation on one chart get shades apart from every other series, variants included', () => {
    const cases = [
      ['relu', 'relu', 'tanh'],
      ['relu', 'relu', 'relu', 'relu'],
      ['leaky-relu:0.01', 'leaky-relu:0.2', 'prelu', 'relu', 'necrorelu:0.1'],
      ['sigmoid', 'tanh', 'relu', 'sigmoid', 'tanh', 'relu'],
      ACTIVATIONS.map((a) => a.name),
    ];
    for (const specs of cases) {
      const colors = seriesColors(specs);
      expect(colors[0]).toBe(activationColor(specs[0]));
      for (let i = 0; i < colors.length; i++) {
        for (let j = i + 1; j < colors.length; j++) expect(ciede2000(colors[i], colors[j]), `${specs.join()}: ${i} vs ${j}`).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('names ReLU with the leaky backward derivative NecroReLU', () => {
    expect(activationLabel('necrorelu')).toBe('NecroReLU');
    expect(activationLabel('necrorelu:0.2')).toBe('NecroReLU (α 0.2)');
  });
});
