export function AgentsPage() {
  return <h2>Agents</h2>;
}
