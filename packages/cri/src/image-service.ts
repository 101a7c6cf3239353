// The CRI ImageService. ImageStatus answers null for a missing image (the
// runtime's "not present" is not an error); PullImage failures become
// ImagePullError. PullImage contacts the registry even for an image already
// present, so callers check imageStatus first (as the kubelet's pull policy does).
import { CriConnection } from './connection';
import { CriError, ImagePullError } from './errors';
import { AuthConfig, Image, ImageFsInfoResponse, ImageSpec, PodSandboxConfig } from './types';

/** Pulls of large images take a while; kubelet itself has no deadline here beyond its runtime timeout. */
const PULL_TIMEOUT_MS = 5 * 60_000;

const spec = (image: string | ImageSpec): ImageSpec => (typeof image === 'string' ? { image } : image);
const subject = (image: string | ImageSpec) => ({ subject: { kind: 'image', name: spec(image).image } });

export class ImageService {
  constructor(private readonly conn: CriConnection) {}

  async listImages(filter?: string | ImageSpec): Promise<Image[]> {
    const res = await this.conn.call<{ images: Image[] }>('ImageService', 'ListImages', { filter: filter ? { image: spec(filter) } : undefined });
    return res.images;
  }

  /** The image, or null when the runtime does not have it. */
  async imageStatus(image: string | ImageSpec): Promise<Image | null> {
    const res = await this.conn.call<{ image: Image | null }>('ImageService', 'ImageStatus', { image: spec(image) }, subject(image));
    return res.image;
  }

  /** Returns the image reference (its ID) to put in ContainerConfig.image. */
  async pullImage(image: string | ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string> {
    try {
      const res = await this.conn.call<{ imageRef: string }>('ImageService', 'PullImage', { image: spec(image), auth, sandboxConfig }, { ...subject(image), timeoutMs: PULL_TIMEOUT_MS });
      return res.imageRef;
    } catch (err) {
      // A runtime that is away or a caller that gave up is not the image's fault.
      if (err instanceof CriError && (err.reason === 'ServiceUnavailable' || err.reason === 'Canceled' || err.reason === 'Timeout')) throw err;
      throw new ImagePullError(spec(image).image, err as CriError);
    }
  }

  /** Idempotent: removing a missing image succeeds. */
  async removeImage(image: string | ImageSpec): Promise<void> {
    await this.conn.call('ImageService', 'RemoveImage', { image: spec(image) }, subject(image));
  }

  imageFsInfo(): Promise<ImageFsInfoResponse> {
    return this.conn.call('ImageService', 'ImageFsInfo', {});
  }
}
