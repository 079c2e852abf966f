import type { D1Migration } from 'cloudflare:test';
import type { Env as WorkerEnv } from '../../workers/api/env';

declare global {
	namespace Cloudflare {
		interface Env extends WorkerEnv {
			TEST_MIGRATIONS: D1Migration[];
			/** A Keras-layout VGG19 .h5 fixture (vitest.config.ts writes it). */
			VGG19_FIXTURE_BASE64: string;
		}
		interface GlobalProps {
			mainModule: typeof import('../../workers/api/index');
		}
	}
}
