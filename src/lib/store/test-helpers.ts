/** Shared fixtures for the store's specs (Node, fake-indexeddb, cpu backend). */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { newId, openLatentDb, type LatentDb } from './db';

/** A new, empty database with a unique name. */
export async function freshDb(): Promise<LatentDb> {
	const db = await openLatentDb({ name: `test-${newId()}` });
	if (!db) throw new Error('fake-indexeddb did not open');
	return db;
}

/** A small dense model; `hidden` sets its size (4·(in·h + h + h·out + out) bytes). */
export function denseModel(inputs = 4, hidden = 8, outputs = 3): tfl.LayersModel {
	const model = tfl.sequential();
	model.add(tfl.layers.dense({ inputShape: [inputs], units: hidden, activation: 'relu' }));
	model.add(tfl.layers.dense({ units: outputs }));
	return model;
}

/** Every weight's bytes, concatenated in model order. */
export async function weightBytes(model: tfl.LayersModel): Promise<Uint8Array> {
	const parts = await Promise.all(model.getWeights().map((w) => w.data()));
	const total = parts.reduce((n, p) => n + p.byteLength, 0);
	const out = new Uint8Array(total);
	let o = 0;
	for (const p of parts) {
		out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), o);
		o += p.byteLength;
	}
	return out;
}

/** Deterministic pseudo-random numbers, so fixtures never depend on Math.random. */
export function seededValues(n: number, seed = 1): Float32Array {
	let s = seed >>> 0 || 1;
	const out = new Float32Array(n);
	for (let i = 0; i < n; i++) {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		out[i] = ((s >>> 0) / 4294967296) * 2 - 1;
	}
	return out;
}

/** Switches tfjs to the cpu backend once. */
export async function useCpu(): Promise<void> {
	await import('@tensorflow/tfjs-backend-cpu');
	if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
	await tf.ready();
}
