/** Typed wrapper of shaders/train_norm.wgsl: a normalized layer's bias, N, γ, β, activation and stream (training). */
import code from '../../../shaders/train_norm.wgsl?raw';
import { RUNNING_MOMENTUM } from '../../sim/train/kernels';
import { ACTIVATIONS, NORM_SUM } from '../includes';
import { defineKernel, type Include } from '../kernel';

/** P.mode: a training step (batch statistics, running averages updated), the training set's pass (batch statistics), evaluation (running averages). */
export const NORM_PASS = { step: 0, train: 1, eval: 2 } as const;

const PASSES: Include<never, never> = {
  name: 'norm passes',
  wgsl: [
    ...Object.entries(NORM_PASS).map(([k, v]) => `const NORM_${k.toUpperCase()}: u32 = ${v}u;`),
    `const RUNNING_MOMENTUM: f32 = ${RUNNING_MOMENTUM};`,
  ].join('\n'),
};

export const trainNormKernel = defineKernel({
  label: 'train_norm',
  code,
  // Float offsets: S and SHAT of the layer (offS), 1/σ (offR), running mean and variance (offRun, offRun + nOut),
  // the flat parameters' biases, γ, β and slopes (offB, offGamma, offBeta, offC + layer).
  uniform: [
    ['nOut', 'u32'], ['rows', 'u32'], ['normMode', 'u32'], ['mode', 'u32'], ['offS', 'u32'], ['offR', 'u32'], ['offRun', 'u32'],
    ['offB', 'u32'], ['offGamma', 'u32'], ['offBeta', 'u32'], ['offC', 'u32'], ['layer', 'u32'],
    ['actKind', 'u32'], ['actP', 'f32'], ['learnedSlope', 'u32'], ['alpha', 'f32'],
  ],
  bindings: {
    S: ['rw', 'f32'], SHAT: ['rw', 'f32'], R: ['rw', 'f32'], RUN: ['rw', 'f32'], params: ['read', 'f32'], Hin: ['read', 'f32'], H: ['rw', 'f32'],
  },
  includes: [ACTIVATIONS, NORM_SUM, PASSES],
});
