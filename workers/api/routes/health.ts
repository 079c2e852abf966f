/** GET /api/health: a liveness probe for the test harness and uptime checks. */
import { json } from '../http';
import { route } from '../router';

export const healthRoutes = [
	route('GET', '/api/health', () => json({ ok: true, service: 'latent-lab' }))
];
