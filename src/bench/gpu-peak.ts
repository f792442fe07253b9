/**
 * The fp32 peak (non-tensor FMA throughput, boost clock) of known GPUs, from their vendors' data
 * sheets, so the bench can say what fraction of it a run reaches; `--peak-tflops` gives any other.
 * Matched against the adapter's words (vendor / architecture / device / description); first match wins.
 */
import type { AdapterInfo } from '../sim/stats';

const PEAKS: readonly { match: RegExp; tflops: number }[] = [
  { match: /\bH200\b/i, tflops: 67 },
  { match: /\bH100\b.*\bPCIe\b/i, tflops: 51 },
  { match: /\bH100\b/i, tflops: 67 },
  { match: /\bA100\b/i, tflops: 19.5 },
  { match: /\bL40S\b/i, tflops: 91.6 },
  { match: /\bRTX 4090\b/i, tflops: 82.6 },
  { match: /\bRTX 3090\b/i, tflops: 35.6 },
  { match: /\bA10\b/i, tflops: 31.2 },
  { match: /\bT4\b/i, tflops: 8.1 },
  { match: /\bV100\b/i, tflops: 15.7 },
];

/** The adapter's fp32 peak in TFLOP/s, or null when it is software or not in the table. */
export function knownPeakTflops(adapter: AdapterInfo): number | null {
  if (adapter.isSoftware || adapter.isFallbackAdapter) return null;
  const words = [adapter.vendor, adapter.architecture, adapter.device, adapter.description].join(' ');
  return PEAKS.find((p) => p.match.test(words))?.tflops ?? null;
}
