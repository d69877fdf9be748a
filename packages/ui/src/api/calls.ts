// C3 calls (paged `{data, next_cursor}`) and C4 sessions: transcript and the recording's signed URL.
import type { Client } from './client.js';

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface Call {
  id: string;
  session_id: string;
  agent_id: string;
  from_number: string;
  to_number: string;
  status: string;
  carrier: string;
  simulated: boolean;
  created_at: string;
  duration_seconds: number | null;
  error: string | null;
}

export interface TranscriptLine {
  speaker?: string;
  text?: string;
  at?: string;
}

export interface Session {
  id: string;
  kind: 'call' | 'web';
  call_id: string | null;
  agent_id: string;
  status: string;
  duration_seconds: number | null;
  transcript: TranscriptLine[];
  recording: { state: string };
  created_at: string;
  ended_at: string | null;
  simulated: boolean;
}

export const listCalls = (api: Client, cursor?: string) =>
  api.request<Page<Call>>('GET', '/calls', { query: { cursor, limit: '20' } });
export const getSession = (api: Client, id: string) => api.request<Session>('GET', `/sessions/${encodeURIComponent(id)}`);
export const getRecording = (api: Client, id: string) =>
  api.request<{ url: string; expires_at: string }>('GET', `/sessions/${encodeURIComponent(id)}/recording`);
