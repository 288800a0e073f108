/** The element the build puts the page's first frame in, just before #root (decision 0072). */
export const FRAME_ID = 'first-frame';

/**
 * Removes the build's first frame once the app shows something in #root: the first change that
 * gives #root a height (the page, or the route's own loading state, which looks like the frame),
 * in the same task as that change, so no paint shows both or neither. Until then the frame stays,
 * so the app's first renders (nothing yet while the route loads) never blank the page.
 */
export function removeFirstFrameOnceShown(root: HTMLElement): void {
  const frame = document.getElementById(FRAME_ID);
  if (!frame) return;
  const observer = new MutationObserver(() => {
    if (root.getBoundingClientRect().height === 0) return;
    observer.disconnect();
    frame.remove();
  });
  observer.observe(root, { childList: true, subtree: true });
}
