/**
 * Training tasks, generated in code from the seed with the shared counter-based generator
 * (stream `task`: layer 1 = training set, layer 2 = test set; stream `taskWeight`: the teacher).
 * All tasks have 2-D inputs in about [−1, 1]², so the app can draw their decision boundary.
 *
 * Example i draws its uniforms from counters 8i … 8i+3 and its normals from normal indices
 * 4i+2, 4i+3 (counters 8i+4 … 8i+7), so every example is a pure function of (seed, split, i).
 */
import { getActivation } from '../activations';
import { Stream, fillNormal, normal, streamKey, uniform01 } from '../generator';
import { forwardLayer } from '../layers';
import { referenceBackend } from '../reference-backend';
import type { TaskName, TrainConfig } from './train-config';

export interface DataSplit {
  /** n × inputDim, row-major. */
  x: Float32Array;
  /** n × outputs: one-hot for classification, the targets for regression. */
  y: Float32Array;
  n: number;
}

export interface TaskData {
  name: TaskName;
  inputDim: number;
  outputs: number;
  classification: boolean;
  train: DataSplit;
  test: DataSplit;
  /** The input region shown by decision-boundary plots: [xMin, xMax, yMin, yMax]. */
  bounds: [number, number, number, number];
}

export const TASK_INFO: Record<TaskName, { label: string; summary: string }> = {
  xor: { label: 'XOR', summary: 'Class = sign(x₁·x₂); points at least 0.1 from the axes.' },
  spirals: { label: 'two spirals', summary: 'Two interleaved spirals of 1.75 turns; needs a deep, curved boundary.' },
  circles: { label: 'concentric circles', summary: 'A disc of radius 0.5 inside a ring 0.7 … 1.0.' },
  gaussians: { label: 'Gaussian mixture', summary: 'k Gaussian blobs (std 0.15) evenly spaced on a circle of radius 0.65.' },
  teacher: { label: 'teacher regression', summary: 'Targets from a fixed random tanh network (2 → 16 → 16 → 1), squared error.' },
};

export const TASK_INPUT_DIM = 2;
const TEACHER_WIDTH = 16;
const TEACHER_HIDDEN = 2;

type Sampler = (u: (c: number) => number, z: (c: number) => number, label: number) => [number, number];

const TWO_PI = 2 * Math.PI;

function sampler(task: TaskName, classes: number): Sampler {
  switch (task) {
    case 'xor':
      return (u, _z, label) => {
        const a = 0.1 + 0.9 * u(0);
        const b = 0.1 + 0.9 * u(1);
        const sx = u(2) < 0.5 ? -1 : 1;
        const sy = label === 1 ? sx : -sx;
        return [sx * a, sy * b];
      };
    case 'spirals':
      return (u, _z, label) => {
        const t = u(0);
        const r = 0.05 + 0.95 * t;
        const theta = 1.75 * TWO_PI * t + label * Math.PI;
        return [r * Math.cos(theta), r * Math.sin(theta)];
      };
    case 'circles':
      return (u, _z, label) => {
        const r = label === 0 ? 0.5 * Math.sqrt(u(0)) : 0.7 + 0.3 * u(0);
        const theta = TWO_PI * u(1);
        return [r * Math.cos(theta), r * Math.sin(theta)];
      };
    case 'gaussians':
      return (_u, z, label) => {
        const a = (TWO_PI * label) / classes;
        return [0.65 * Math.cos(a) + 0.15 * z(0), 0.65 * Math.sin(a) + 0.15 * z(1)];
      };
    case 'teacher':
      return (u) => [2 * u(0) - 1, 2 * u(1) - 1];
  }
}

/** The teacher network's weights: W_l ~ N(0, 2/fan_in) for tanh layers, N(0, 1/fan_in) for the output. */
export interface Teacher {
  weights: Float32Array[];
  biases: Float32Array[];
  dims: number[];
}

export function makeTeacher(seed: number, outputs: number): Teacher {
  const dims = [TASK_INPUT_DIM, ...Array<number>(TEACHER_HIDDEN).fill(TEACHER_WIDTH), outputs];
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 1; l < dims.length; l++) {
    const gain = l === dims.length - 1 ? 1 : 2;
    weights.push(fillNormal(new Float32Array(dims[l] * dims[l - 1]), streamKey(seed, Stream.taskWeight, l), Math.sqrt(gain / dims[l - 1])));
    biases.push(fillNormal(new Float32Array(dims[l]), streamKey(seed, Stream.taskWeight, 100 + l), 0.1));
  }
  return { weights, biases, dims };
}

export function teacherForward(t: Teacher, x: Float32Array, n: number): Float32Array {
  const tanh = getActivation('tanh');
  const linear = getActivation('linear');
  // The task is data: the reference's products make it the same whichever engine trains on it.
  const reference = referenceBackend();
  let h = x;
  for (let l = 1; l < t.dims.length; l++) {
    const s = new Float32Array(n * t.dims[l]);
    const out = new Float32Array(n * t.dims[l]);
    const last = l === t.dims.length - 1;
    forwardLayer(reference, t.weights[l - 1], t.biases[l - 1], h, s, out, { batch: n, nIn: t.dims[l - 1], nOut: t.dims[l] }, last ? linear : tanh, 0);
    h = out;
  }
  return h;
}

function makeSplit(config: Pick<TrainConfig, 'task' | 'classes' | 'noise' | 'seed'>, split: 1 | 2, n: number): DataSplit {
  const { task, classes, noise, seed } = config;
  const key = streamKey(seed, Stream.task, split);
  const sample = sampler(task, classes);
  const x = new Float32Array(n * TASK_INPUT_DIM);
  const outputs = classes;
  const y = new Float32Array(n * outputs);
  for (let i = 0; i < n; i++) {
    const label = task === 'teacher' ? 0 : i % classes;
    const u = (c: number): number => uniform01(key, 8 * i + c);
    const z = (c: number): number => normal(key, 4 * i + 2 + c);
    const [a, b] = sample(u, z, label);
    // Task noise reuses the normal counters only for tasks whose sampler does not already use them.
    const nz = task === 'gaussians' ? (c: number): number => normal(streamKey(seed, Stream.task, 10 + split), 2 * i + c) : z;
    x[2 * i] = a + noise * nz(0);
    x[2 * i + 1] = b + noise * nz(1);
    if (task !== 'teacher') y[i * outputs + label] = 1;
  }
  return { x, y, n };
}

export function generateTask(config: Pick<TrainConfig, 'task' | 'classes' | 'noise' | 'seed' | 'trainSize' | 'testSize'>): TaskData {
  const teacher = config.task === 'teacher' ? makeTeacher(config.seed, config.classes) : null;
  // For the teacher the noise goes on targets; the inputs stay clean.
  const inputConfig = config.task === 'teacher' ? { ...config, noise: 0 } : config;
  const train = makeSplit(inputConfig, 1, config.trainSize);
  const test = makeSplit(inputConfig, 2, config.testSize);
  if (teacher) {
    const fill = (s: DataSplit, split: 1 | 2): void => {
      const t = teacherForward(teacher, s.x, s.n);
      s.y.set(t);
      if (config.noise > 0) {
        const nkey = streamKey(config.seed, Stream.task, 20 + split);
        for (let k = 0; k < s.y.length; k++) s.y[k] += config.noise * normal(nkey, k);
      }
    };
    // Regression noise is added to the targets, not the inputs.
    fill(train, 1);
    fill(test, 2);
  }
  return {
    name: config.task,
    inputDim: TASK_INPUT_DIM,
    outputs: config.classes,
    classification: config.task !== 'teacher',
    train,
    test,
    bounds: [-1.25, 1.25, -1.25, 1.25],
  };
}
