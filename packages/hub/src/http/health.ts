// GET /healthz: the process answers. GET /readyz: the control-plane database answers too.
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { HubError } from '../errors.js';

export function healthRoutes(app: FastifyInstance, deps: { control: pg.Pool }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => {
    try {
      await deps.control.query('SELECT 1');
    } catch {
      throw new HubError('service_unavailable', 'the control-plane database does not answer');
    }
    return { status: 'ready' };
  });
}
