import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
  // Component styles go to the CSS file, never inline <style> (strict CSP).
  compilerOptions: { css: "external" },
};
