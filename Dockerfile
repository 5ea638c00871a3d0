# kesu as a service: `docker build -t kesu .` then
#   docker run -p 8080:8080 -e KESU_TOKEN=… -v "$PWD/cases:/cases" kesu
# The binary needs nothing else (no cgo; the default pack and its fonts are
# embedded), so the image is the binary on a distroless base.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/kesu ./cmd/kesu

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kesu /kesu
EXPOSE 8080
VOLUME /cases
# Listening on every interface needs a token (KESU_TOKEN) or --insecure.
ENTRYPOINT ["/kesu"]
CMD ["serve", "--addr", ":8080", "--cases", "/cases"]
