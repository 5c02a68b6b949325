// What the next run starts from: the prompt, or the user's own image (which skips text-to-image).
import { create } from 'zustand';
import type { RgbaImage } from '../pipeline/image';

interface InputState {
  prompt: string;
  upload?: { image: RgbaImage; name: string };
  /** A plain-words problem with the last picked/dropped file. */
  uploadError?: string;
  setPrompt(prompt: string): void;
  setUpload(upload: { image: RgbaImage; name: string } | undefined): void;
  setUploadError(message: string | undefined): void;
}

export const useInput = create<InputState>((set) => ({
  prompt: 'a wooden toy robot',
  setPrompt: (prompt) => set({ prompt }),
  setUpload: (upload) => set({ upload, uploadError: undefined }),
  setUploadError: (uploadError) => set({ uploadError }),
}));
