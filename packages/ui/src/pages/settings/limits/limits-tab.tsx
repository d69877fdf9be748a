export function LimitsTab() {
  return <h2>Limits</h2>;
}
