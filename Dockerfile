# reframer HTTP service: the light install (no torch), the shipped model, its ONNX runtime, non-root.
#
#   docker build -t reframer .
#   docker run --rm -p 8000:8000 reframer            # then: curl localhost:8000/readyz
#   docker run --rm -p 8000:8000 -e REFRAMER_API_KEY=... -e REFRAMER_WORKERS=2 reframer
#
# Every REFRAMER_* setting (docs/service.md) can be passed with -e. The container is stateless.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HUB_DISABLE_TELEMETRY=1

# Built from the same pyproject as the development install; the model folder is packaged into the
# wheel as reframer/_model (see [tool.hatch.build.targets.wheel.force-include]). No torch: analysis
# runs on ONNX Runtime, and `reframer optimize` builds model.onnx with numpy + onnx, into the
# installed model folder (read-only to the service's user).
WORKDIR /build
COPY pyproject.toml README.md ./
COPY reframer ./reframer
COPY service ./service
COPY models/reframer-minilm ./models/reframer-minilm
RUN pip install . \
    && reframer optimize \
    && cd / && rm -rf /build

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin reframer
USER reframer
WORKDIR /home/reframer

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"]

CMD ["reframer", "serve", "--host", "0.0.0.0"]
