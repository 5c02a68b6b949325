// The generated (or uploaded) image and its cutout, shown as soon as each exists.
import { useEffect, useRef } from 'react';
import type { RgbaImage } from '../pipeline/image';
import { useGeneration } from '../state/generation';
import { paintImage } from './image-file';

function ImageCard({ image, title, testId }: { image?: RgbaImage; title: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (image && ref.current) paintImage(ref.current, image);
  }, [image]);
  return (
    <figure className={`image-card ${image ? '' : 'empty'}`} data-testid={image ? testId : undefined}>
      {image ? <canvas ref={ref} className="checker" /> : <div className="placeholder" />}
      <figcaption>
        {title}
        {image && (
          <span className="muted">
            {' '}
            · {image.width}×{image.height}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

export function ImageCards() {
  const image = useGeneration((s) => s.image);
  const cutout = useGeneration((s) => s.cutout);
  return (
    <section className="image-cards">
      <ImageCard image={image} title="Image" testId="card-image" />
      <ImageCard image={cutout} title="Cutout" testId="card-cutout" />
    </section>
  );
}
