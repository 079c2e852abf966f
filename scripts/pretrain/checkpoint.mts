/**
 * Resumable pretraining checkpoints in `.cache/pretrain/<name>/`: every model's weights, every
 * optimizer's state (Adam moments and iteration count), the step, the data cursor and the training
 * seconds so far. Written to a temporary folder and renamed, so Ctrl-C mid-write never leaves a
 * half checkpoint behind.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ProviderState } from '../../src/lib/ml/data/provider';
import type { Trainer } from '../../src/lib/ml/train/trainer';

export interface CheckpointState {
	name: string;
	seed: number;
	step: number;
	seconds: number;
	data: ProviderState;
	/** Free-form counters a trainer needs to resume exactly (e.g. its noise step). */
	extra?: Record<string, number>;
}

/** A tensor with its name, as optimizers' getWeights() returns them. */
type NamedTensor = { name: string; tensor: tf.Tensor };

interface TensorIndex {
	entries: { name: string; shape: number[] }[];
}

async function writeTensors(dir: string, file: string, named: NamedTensor[]): Promise<void> {
	const arrays = await Promise.all(named.map((n) => n.tensor.data() as Promise<Float32Array>));
	const total = arrays.reduce((s, a) => s + a.length, 0);
	const flat = new Float32Array(total);
	let off = 0;
	for (const a of arrays) {
		flat.set(a, off);
		off += a.length;
	}
	const index: TensorIndex = {
		entries: named.map((n) => ({ name: n.name, shape: n.tensor.shape }))
	};
	await writeFile(join(dir, `${file}.bin`), new Uint8Array(flat.buffer));
	await writeFile(join(dir, `${file}.json`), JSON.stringify(index));
}

async function readTensors(dir: string, file: string): Promise<NamedTensor[]> {
	const index = JSON.parse(await readFile(join(dir, `${file}.json`), 'utf8')) as TensorIndex;
	const buf = await readFile(join(dir, `${file}.bin`));
	const flat = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
	let off = 0;
	return index.entries.map((e) => {
		const n = e.shape.reduce((a, b) => a * b, 1);
		const tensor = tf.tensor(flat.subarray(off, off + n), e.shape);
		off += n;
		return { name: e.name, tensor };
	});
}

/** Saves the trainer's models and optimizers plus `state` into `dir` (atomically). */
export async function saveCheckpoint(
	dir: string,
	trainer: Trainer,
	state: CheckpointState
): Promise<void> {
	const tmp = `${dir}.tmp`;
	await rm(tmp, { recursive: true, force: true });
	await mkdir(tmp, { recursive: true });
	for (const [role, model] of Object.entries(trainer.models())) {
		const named = model.weights.map((w, i) => ({ name: `${i}:${w.name}`, tensor: w.read() }));
		await writeTensors(tmp, `model-${role}`, named);
	}
	for (const [role, opt] of Object.entries(trainer.optimizers())) {
		const named = await opt.getWeights();
		await writeTensors(tmp, `optimizer-${role}`, named);
		// getWeights() returns a fresh iterations scalar; the moments are the optimizer's own.
		named.find((n) => n.name === 'iter')?.tensor.dispose();
	}
	await writeFile(join(tmp, 'state.json'), JSON.stringify(state, null, '\t'));
	const old = `${dir}.old`;
	await rm(old, { recursive: true, force: true });
	if (existsSync(dir)) await rename(dir, old);
	await rename(tmp, dir);
	await rm(old, { recursive: true, force: true });
}

/** Restores a checkpoint into a freshly built trainer; undefined when there is none. */
export async function loadCheckpoint(
	dir: string,
	trainer: Trainer
): Promise<CheckpointState | undefined> {
	if (!existsSync(join(dir, 'state.json'))) return undefined;
	const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as CheckpointState;
	for (const [role, model] of Object.entries(trainer.models())) {
		const named = await readTensors(dir, `model-${role}`);
		if (named.length !== model.weights.length) {
			tf.dispose(named.map((n) => n.tensor));
			throw new Error(
				`checkpoint ${dir}: ${role} has ${named.length} weights, the model ${model.weights.length}`
			);
		}
		model.setWeights(named.map((n) => n.tensor));
		tf.dispose(named.map((n) => n.tensor));
	}
	for (const [role, opt] of Object.entries(trainer.optimizers())) {
		const named = await readTensors(dir, `optimizer-${role}`);
		await opt.setWeights(named);
		// setWeights copies into new variables; our tensors are no longer needed.
		tf.dispose(named.map((n) => n.tensor));
	}
	return state;
}
