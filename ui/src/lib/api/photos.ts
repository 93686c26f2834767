// Typed calls for the Photos panel. Re-exported from ../api.ts, the single
// module through which the UI talks to the Rust side. Files are chosen in a
// native dialog or dropped on the window, both handled in Rust: the web view
// never names a path and holds no file-system permission.
import { Channel, invoke } from "@tauri-apps/api/core";

export type BoxKind = "face" | "record" | "manual";
/** Named as in the settings. */
export type RedactionStyle = "blur" | "pixelate" | "solid_box";

/** A rectangle in pixels of the upright (EXIF-oriented) full-size picture. */
export interface BoxRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** PHI the scanner found in a record's recognised text. */
export interface BoxPhi {
  category: string;
  excerpt: string;
  blocking: boolean;
}

/** A box to cover: detected (face, record) or drawn (manual). */
export interface PhotoBox {
  id: string;
  kind: BoxKind;
  rect: BoxRect;
  score: number;
  /** True: covered when saved. False: dismissed (still listed and reported). */
  included: boolean;
  text?: string;
  phi?: BoxPhi[];
}

/** One identifying metadata item, in plain words. */
export interface MetadataItem {
  label: string;
  detail: string;
}

/** A draft's photo as the panel shows it. */
export interface PhotoView {
  id: string;
  draft_id: string;
  position: number;
  file_name: string;
  original_sha256: string;
  /** Set when the saved attachment matches the current boxes. */
  sanitised_sha256: string | null;
  width: number;
  height: number;
  boxes: PhotoBox[];
  /** The downscaled upright picture as a data: URL. */
  preview: string;
  preview_width: number;
  preview_height: number;
  metadata_items: MetadataItem[];
  metadata_blocks: number;
}

/** Progress while photos are read and searched for faces and records. */
export interface PhotoProgress {
  file: string;
  index: number;
  total: number;
  stage: "reading" | "faces" | "records" | "done";
}

/** What the window tells the panel about files dragged over it. */
export type DropNotice =
  | { type: "hover" }
  | { type: "leave" }
  | { type: "dropped"; photos: number; ignored: number };

/** The result of saving a photo. */
export interface SavedPhoto {
  photo: PhotoView;
  /** Identifying metadata still in the saved file (empty when clean). */
  remaining_metadata: MetadataItem[];
}

function channel<T>(handler: (message: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = handler;
  return ch;
}

export const photosApi = {
  /** Registers the panel for drag-and-drop notices from the window. */
  watchPhotoDrops: (onDrop: (notice: DropNotice) => void) =>
    invoke<void>("photos_watch_drops", { onDrop: channel(onDrop) }),
  /** Opens the native file dialog and attaches the chosen photos. */
  attachPhotos: (draftId: string, onProgress: (p: PhotoProgress) => void) =>
    invoke<PhotoView[]>("photos_attach", { draftId, onProgress: channel(onProgress) }),
  /** Attaches the photos last dropped on the window. */
  attachDroppedPhotos: (draftId: string, onProgress: (p: PhotoProgress) => void) =>
    invoke<PhotoView[]>("photos_attach_dropped", { draftId, onProgress: channel(onProgress) }),
  listPhotos: (draftId: string) => invoke<PhotoView[]>("photos_list", { draftId }),
  setPhotoBoxes: (photoId: string, boxes: PhotoBox[]) =>
    invoke<PhotoView>("photos_set_boxes", { photoId, boxes }),
  /** The after-preview with the given boxes painted, as a data: URL. */
  renderPhoto: (photoId: string, boxes: PhotoBox[], style: RedactionStyle) =>
    invoke<string>("photos_render", { photoId, boxes, style }),
  /** Redacts irreversibly, strips metadata and makes it the draft's attachment. */
  savePhoto: (photoId: string, style: RedactionStyle) =>
    invoke<SavedPhoto>("photos_save", { photoId, style }),
  removePhoto: (photoId: string) => invoke<void>("photos_remove", { photoId }),
};
