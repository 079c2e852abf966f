/** A tiny URLPattern router for /api/*: unknown paths are JSON 404s, wrong methods 405s. */
import type { Env } from './env';
import { jsonError } from './http';

export type Params = Record<string, string>;

export type Handler = (
	request: Request,
	env: Env,
	params: Params,
	ctx: ExecutionContext
) => Promise<Response> | Response;

export interface Route {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	pattern: URLPattern;
	handler: Handler;
}

/** Declares a route; `pathname` is a URLPattern such as `/api/models/:id`. */
export function route(method: Route['method'], pathname: string, handler: Handler): Route {
	return { method, pattern: new URLPattern({ pathname }), handler };
}

/** Builds the dispatcher; HEAD is served by GET handlers with the body dropped. */
export function createRouter(routes: readonly Route[]) {
	return async function dispatch(
		request: Request,
		env: Env,
		ctx: ExecutionContext
	): Promise<Response> {
		const method = request.method === 'HEAD' ? 'GET' : request.method;
		const allowed: string[] = [];
		for (const r of routes) {
			const m = r.pattern.exec(request.url);
			if (!m) continue;
			if (r.method !== method) {
				allowed.push(r.method);
				continue;
			}
			const params: Params = {};
			for (const [k, v] of Object.entries(m.pathname.groups)) if (v !== undefined) params[k] = v;
			const res = await r.handler(request, env, params, ctx);
			return request.method === 'HEAD' ? new Response(null, res) : res;
		}
		if (allowed.length) {
			return jsonError(405, 'method_not_allowed', `${request.method} is not allowed here.`, {
				allow: [...new Set(allowed)].join(', ')
			});
		}
		return jsonError(404, 'not_found', 'No such API route.');
	};
}
