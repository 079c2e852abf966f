/**
 * Latent Lab's one Worker: serves the built PWA and answers /api/* on the same origin.
 * Every response leaves through `withSecurityHeaders`, so isolation headers cannot be forgotten.
 */
import { serveApp } from './app';
import { API_CSP, buildCsp } from './csp';
import type { Env } from './env';
import { HttpError, jsonError, withSecurityHeaders } from './http';
import { createRouter } from './router';
import { datasetsRoutes } from './routes/datasets';
import { healthRoutes } from './routes/health';
import { inferRoutes } from './routes/infer';
import { modelsRoutes } from './routes/models';
import { vggInstallRoutes } from './routes/vgg-install';
import { weightsRoutes } from './routes/weights';

// Each route family lives in routes/<family>.ts and exports its list.
const routeApi = createRouter([
	...healthRoutes,
	...weightsRoutes,
	...vggInstallRoutes,
	...datasetsRoutes,
	...modelsRoutes,
	...inferRoutes
]);

export default {
	async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
		const url = new URL(request.url);
		const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
		try {
			if (isApi) return withSecurityHeaders(await routeApi(request, env, ctx), API_CSP);
			return await serveApp(request, env);
		} catch (err) {
			const res = errorResponse(err);
			return withSecurityHeaders(res, isApi ? API_CSP : buildCsp());
		}
	}
} satisfies ExportedHandler<Env>;

/** Turns a thrown value into a JSON error; unexpected errors are logged, never shown. */
function errorResponse(err: unknown): Response {
	if (err instanceof HttpError) return jsonError(err.status, err.code, err.message, err.headers);
	console.error('unhandled error', err);
	return jsonError(500, 'internal', 'Something went wrong on our side. Please try again.');
}
