// The `sizes` of a body image with a srcset: the full width on a phone, the theme's 760 px column beyond.
// Shared by Compose (browser bundle) and the server's rewrite of replaced images, so it imports nothing.
export const BODY_IMAGE_SIZES = '(max-width: 860px) 100vw, 760px';
