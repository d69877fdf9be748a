// GET /healthz: the process answers. GET /readyz: the control-plane database answers too.
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { HubError } from '../errors.js';
import { operation, type Operation } from './operations.js';

const livenessOp: Operation = { id: 'getLiveness', summary: 'The process answers', tag: 'meta', access: 'public', responses: { 200: z.object({ status: z.literal('ok') }) } };
const readinessOp: Operation = {
  id: 'getReadiness',
  summary: 'The process and its control-plane database answer',
  tag: 'meta',
  access: 'public',
  responses: { 200: z.object({ status: z.literal('ready') }) },
  errors: ['service_unavailable'],
};

export function healthRoutes(app: FastifyInstance, deps: { control: pg.Pool }): void {
  app.get('/healthz', operation(livenessOp), async () => ({ status: 'ok' }));
  app.get('/readyz', operation(readinessOp), async () => {
    try {
      await deps.control.query('SELECT 1');
    } catch {
      throw new HubError('service_unavailable', 'the control-plane database does not answer');
    }
    return { status: 'ready' };
  });
}
