// GET /healthz: the process answers. GET /readyz: the control-plane database answers too.
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { HubError } from '../errors.js';
import { operation, type Operation } from './operations.js';

const livenessSchema = z.object({ status: z.literal('ok') });
const readinessSchema = z.object({ status: z.literal('ready') });
const livenessOp: Operation = { id: 'getLiveness', summary: 'The process answers', tag: 'meta', access: 'public', responses: { 200: livenessSchema } };
const readinessOp: Operation = {
  id: 'getReadiness',
  summary: 'The process and its control-plane database answer',
  tag: 'meta',
  access: 'public',
  responses: { 200: readinessSchema },
  errors: ['service_unavailable'],
};

export function healthRoutes(app: FastifyInstance, deps: { control: pg.Pool }): void {
  app.get<{ Reply: z.output<typeof livenessSchema> }>('/healthz', operation(livenessOp), async () => ({ status: 'ok' }));
  app.get<{ Reply: z.output<typeof readinessSchema> }>('/readyz', operation(readinessOp), async () => {
    try {
      await deps.control.query('SELECT 1');
    } catch {
      throw new HubError('service_unavailable', 'the control-plane database does not answer');
    }
    return { status: 'ready' };
  });
}
