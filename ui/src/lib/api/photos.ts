// Typed calls for the Photos panel, generated from the Rust side
// (../bindings.ts) and re-exported from ../api.ts. Files are chosen in a
// native dialog or dropped on the window, both handled in Rust: the web view
// never names a path and holds no file-system permission.
import { Channel } from "@tauri-apps/api/core";
import { commands, type DropNotice, type Progress } from "../bindings";

export type {
  BoxPhi,
  BoxRect,
  DropNotice,
  MetadataItem,
  PhotoBox_Serialize as PhotoBox,
  PhotoView_Serialize as PhotoView,
  Progress as PhotoProgress,
  RedactionStyle,
  RegionKind_Serialize as RegionKind,
  SavedPhoto_Serialize as SavedPhoto,
} from "../bindings";

function channel<T>(handler: (message: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = handler;
  return ch;
}

export const photosApi = {
  /** Registers the panel for drag-and-drop notices from the window. */
  watchPhotoDrops: (onDrop: (notice: DropNotice) => void) => commands.photosWatchDrops(channel(onDrop)),
  /** Opens the native file dialog and attaches the chosen photos. */
  attachPhotos: (draftId: string, onProgress: (p: Progress) => void) =>
    commands.photosAttach(draftId, channel(onProgress)),
  /** Attaches the photos last dropped on the window. */
  attachDroppedPhotos: (draftId: string, onProgress: (p: Progress) => void) =>
    commands.photosAttachDropped(draftId, channel(onProgress)),
  listPhotos: commands.photosList,
  setPhotoBoxes: commands.photosSetBoxes,
  /** The after-preview with the given boxes painted, as a data: URL. */
  renderPhoto: commands.photosRender,
  /** Redacts irreversibly, strips metadata and makes it the draft's attachment. */
  savePhoto: commands.photosSave,
  removePhoto: commands.photosRemove,
};
