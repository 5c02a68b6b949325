// The area OpenCV's contourArea gives for a component's outer contour as findContours traces it
// (Suzuki & Abe 1985, "Topological structural analysis of digitized binary images by border following",
// algorithm 1): the border is followed through the centres of the component's 8-connected boundary pixels,
// and the area is the shoelace area of that polygon. A 2-pixel-wide stroke of length L encloses L − 1, a
// single pixel or a 1-pixel line encloses 0, and holes count as enclosed; that is what upstream ranks by.

// Neighbour directions, counterclockwise as seen on screen (y grows downwards): E, NE, N, NW, W, SW, S, SE.
const DX = [1, 1, 0, -1, -1, -1, 0, 1];
const DY = [0, -1, -1, -1, 0, 1, 1, 1];
const WEST = 4;

/**
 * Shoelace area of the outer border of component `id` in `labels` (row-major, width × height), traced
 * from `start`, the component's first pixel in raster order (so its west and north neighbours are outside).
 */
export function outerContourArea(labels: Int32Array, width: number, height: number, id: number, start: number): number {
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && labels[y * width + x] === id;
  const x0 = start % width;
  const y0 = (start - x0) / width;
  // Step 3.1: clockwise from the west neighbour, the first pixel of the component is the border's last one.
  let last = -1;
  for (let k = 0; k < 8; k++) {
    const d = (WEST - k + 8) % 8;
    if (inside(x0 + DX[d], y0 + DY[d])) {
      last = d;
      break;
    }
  }
  if (last < 0) return 0; // an isolated pixel: a one-point contour
  const x1 = x0 + DX[last],
    y1 = y0 + DY[last];
  let cx = x0,
    cy = y0;
  let back = last; // direction from the current pixel to the previous one
  let twice = 0;
  for (;;) {
    // Step 3.3: counterclockwise from the one after the previous pixel, the next border pixel.
    let d = back;
    for (let k = 1; k <= 8; k++) {
      d = (back + k) % 8;
      if (inside(cx + DX[d], cy + DY[d])) break;
    }
    const nx = cx + DX[d],
      ny = cy + DY[d];
    twice += cx * ny - nx * cy;
    // Step 3.5: back at the start, coming from the border's last pixel.
    if (nx === x0 && ny === y0 && cx === x1 && cy === y1) break;
    back = (d + 4) % 8;
    cx = nx;
    cy = ny;
  }
  return Math.abs(twice) / 2;
}
