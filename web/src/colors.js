// One colour per service. Red is kept for warnings, so no service gets it.

const PALETTE = [
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948',
  '#9c755f', '#ff9da7', '#8cd17d', '#499894', '#d4a6c8', '#86bcb6',
  '#a0cbe8', '#ffbe7d', '#bab0ac', '#d7b5a6',
];

export function serviceColor(index) {
  if (index < PALETTE.length) return PALETTE[index];
  // Beyond the palette: spread hues by the golden angle, skipping the reds (330..20 degrees).
  const hue = 25 + ((index * 137.508) % 300);
  return `hsl(${hue.toFixed(0)} 55% 55%)`;
}
